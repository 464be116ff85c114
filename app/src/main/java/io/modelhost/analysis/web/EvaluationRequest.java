package io.modelhost.analysis.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** An evaluation as the API takes it. */
record EvaluationRequest(@Schema(
		description = "One of your labelled datasets: tabular, or images for an image model") @Nullable String datasetId,
		@Schema(description = "Tabular: the column holding the true labels or values; by default the column the "
				+ "model was trained here to predict (required for an uploaded model)") @Nullable String target,
		@Schema(description = "The version to evaluate; by default the one the endpoint serves") @Nullable Integer version) {

}
