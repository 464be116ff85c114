package io.modelhost.analysis.web;

import java.time.Instant;

import io.modelhost.jobs.Job;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** An evaluation as the API shows it: the job, and once it succeeded its figures. */
record EvaluationResponse(String id,
		@Schema(description = "queued, running, succeeded, failed or cancelled") String status,
		@Schema(description = "0..1") double progress, @Nullable String stage, String modelId, String modelName,
		int version, String datasetId, String datasetName,
		@Schema(description = "The target column; absent for an image dataset") @Nullable String target,
		@Schema(description = "classification or regression") String task,
		@Schema(description = "Rows scored") @Nullable Long rows,
		@Schema(description = "Rows left out: no true value, or refused by the model as its endpoint would refuse "
				+ "them") @Nullable Long skippedRows,
		@Schema(description = "The first 10 rows left out: row, line (or entry), reason") @Nullable JsonNode skipped,
		@Schema(description = "accuracy, f1_macro, log_loss and roc_auc (when the model gives probabilities) for a "
				+ "classifier; r2, rmse, mae for a regressor") @Nullable JsonNode metrics,
		@Schema(description = "Classification: labels and matrix[actual][predicted]") @Nullable JsonNode confusionMatrix,
		@Schema(description = "Classification: label, precision, recall, f1, support") @Nullable JsonNode perClass,
		@Schema(description = "Classification: the 50 wrong predictions made with the most confidence (row, line or "
				+ "entry, actual, predicted, confidence); regression: the 50 largest residuals (row, line, actual, "
				+ "predicted, residual)") @Nullable JsonNode errors,
		@Schema(description = "Regression, residual = actual - predicted: mean, std, min, max, percentiles "
				+ "(p1..p99), histogram {edges, counts}") @Nullable JsonNode residuals,
		@Nullable String error, boolean cancelRequested, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, String eventsUrl) {

	static EvaluationResponse of(Job job) {
		JsonNode parameters = job.parameters();
		JsonNode model = parameters.path("models").path(0);
		JsonNode result = job.result();
		return new EvaluationResponse(job.id().value(), job.status().label(), job.progress(), job.stage(),
				model.path("model_id").asString(), model.path("name").asString(), model.path("version").asInt(),
				parameters.path("dataset_id").asString(), parameters.path("dataset_name").asString(),
				parameters.path("target").isString() ? parameters.get("target").asString() : null,
				parameters.path("task").asString(), number(result, "rows"), number(result, "skipped_rows"),
				member(result, "skipped"), member(result, "metrics"), member(result, "confusion_matrix"),
				member(result, "per_class"), member(result, "errors"), member(result, "residuals"), job.error(),
				job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt(),
				"/api/v1/jobs/" + job.id().value() + "/events");
	}

	static @Nullable JsonNode member(@Nullable JsonNode result, String name) {
		return (result != null && result.has(name) && !result.get(name).isNull()) ? result.get(name) : null;
	}

	static @Nullable Long number(@Nullable JsonNode result, String name) {
		return (result != null && result.path(name).isNumber()) ? result.get(name).asLong() : null;
	}

}
