package io.modelhost.training.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A training order as the API takes it. */
record TrainingJobRequest(@Schema(description = "One of your tabular datasets") @Nullable String datasetId,
		@Schema(description = "The column to predict") @Nullable String target,
		@Schema(description = "The model to register the winner as: a new model, or the next version of your "
				+ "model of that name") @Nullable String modelName,
		@Schema(description = "classification or regression; inferred from the target when absent") @Nullable String task,
		@Schema(description = "accuracy, f1_macro, roc_auc, log_loss (classification); rmse, mae, r2 (regression); "
				+ "accuracy or rmse when absent") @Nullable String metric,
		@Schema(description = "How long the search may take, in seconds (default 60)") @Nullable Integer timeBudgetS,
		@Schema(description = "Cross-validation folds, 2..20 (default 5)") @Nullable Integer folds,
		@Schema(description = "Columns the model must not read") @Nullable List<String> excludeColumns,
		@Schema(description = "Seeds the folds and the learners (default 42)") @Nullable Long seed) {

}
