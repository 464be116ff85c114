package io.modelhost.batch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A batch prediction of a stored dataset, as the API takes it. */
record BatchPredictionRequest(@Schema(description = "One of your tabular datasets") @Nullable String datasetId,
		@Schema(description = "The model version to score with; the one the endpoint serves when absent "
				+ "(fixed at submission)") @Nullable Integer version) {

}
