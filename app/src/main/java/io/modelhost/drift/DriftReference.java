package io.modelhost.drift;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The dataset a model's drift is measured against.
 *
 * @param datasetId the dataset
 * @param source {@code set} when a user set it, {@code training} when it is the dataset
 * the served version was trained on here
 * @param setAt when it was set; null for {@code training}
 */
public record DriftReference(String datasetId, String source, @Nullable Instant setAt) {

}
