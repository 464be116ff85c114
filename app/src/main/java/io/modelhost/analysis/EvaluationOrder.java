package io.modelhost.analysis;

import org.jspecify.annotations.Nullable;

/**
 * What an evaluation is asked to do.
 *
 * @param datasetId one of the caller's datasets, labelled: tabular, or images for an
 * image model
 * @param target the column holding the true labels or values; null for the target the
 * model was trained to predict here (required for an uploaded model), and for image
 * datasets, whose labels are the target
 * @param version the model version to score, or null for the one the endpoint serves
 */
public record EvaluationOrder(String datasetId, @Nullable String target, @Nullable Integer version) {

}
