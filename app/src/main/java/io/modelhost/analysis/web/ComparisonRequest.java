package io.modelhost.analysis.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A comparison as the API takes it. */
record ComparisonRequest(@Schema(
		description = "2 to 5 models you may use; each is scored with the version its endpoint serves") @Nullable List<String> modelIds,
		@Schema(description = "One of your labelled datasets") @Nullable String datasetId,
		@Schema(description = "Tabular: the column holding the true labels or values; by default the column the "
				+ "models were trained here to predict") @Nullable String target) {

}
