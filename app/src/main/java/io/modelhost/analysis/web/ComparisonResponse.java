package io.modelhost.analysis.web;

import java.time.Instant;

import io.modelhost.jobs.Job;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A comparison as the API shows it: the job, and once it succeeded its figures. */
record ComparisonResponse(String id,
		@Schema(description = "queued, running, succeeded, failed or cancelled") String status,
		@Schema(description = "0..1") double progress, @Nullable String stage,
		@Schema(description = "Each model: model_id, name, version, and once done its metrics on the rows every "
				+ "model scored") JsonNode models,
		String datasetId, String datasetName, @Nullable String target,
		@Schema(description = "classification or regression") String task,
		@Schema(description = "Rows every model scored") @Nullable Long rows, @Nullable Long skippedRows,
		@Schema(description = "The first 10 rows left out: row, line (or entry), reason") @Nullable JsonNode skipped,
		@Schema(description = "Per metric, the ids of the models with the best value (several on a tie): the highest "
				+ "accuracy, f1_macro, roc_auc, r2; the lowest log_loss, rmse, mae") @Nullable JsonNode best,
		@Schema(description = "count: rows where the models' predictions differ (regressors: by more than a "
				+ "millionth); rows: the first 50 with row, line or entry, actual and each model's prediction by "
				+ "model id") @Nullable JsonNode disagreements,
		@Nullable String error, boolean cancelRequested, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, String eventsUrl) {

	static ComparisonResponse of(Job job) {
		JsonNode parameters = job.parameters();
		JsonNode result = job.result();
		JsonNode models = (result != null && result.has("models")) ? result.get("models") : parameters.path("models");
		return new ComparisonResponse(job.id().value(), job.status().label(), job.progress(), job.stage(), models,
				parameters.path("dataset_id").asString(), parameters.path("dataset_name").asString(),
				parameters.path("target").isString() ? parameters.get("target").asString() : null,
				parameters.path("task").asString(), EvaluationResponse.number(result, "rows"),
				EvaluationResponse.number(result, "skipped_rows"), EvaluationResponse.member(result, "skipped"),
				EvaluationResponse.member(result, "best"), EvaluationResponse.member(result, "disagreements"),
				job.error(), job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt(),
				"/api/v1/jobs/" + job.id().value() + "/events");
	}

}
