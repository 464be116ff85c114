package io.modelhost.training.web;

import java.time.Instant;
import java.util.List;

import io.modelhost.jobs.Job;
import io.modelhost.training.TrainingJob;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A tabular training job as the API shows it. */
record TrainingJobResponse(@Schema(description = "tabular") String kind, String id,
		@Schema(description = "queued, running, succeeded, failed or cancelled") String status,
		@Schema(description = "0..1") double progress, @Nullable String stage, String datasetId, String target,
		String modelName, @Schema(description = "As asked, or inferred from the target") String task,
		boolean taskInferred, String metric, long timeBudgetS, int folds, List<String> excludeColumns, long seed,
		@Schema(description = "Candidates cross-validated, best first: rank, algorithm, params, cv_metrics, "
				+ "fit_seconds; filling in while the job runs") JsonNode leaderboard,
		@Schema(description = "The winner: algorithm, params, cv_metrics") @Nullable JsonNode best,
		@Nullable String modelId, @Nullable Integer modelVersion,
		@Schema(description = "When the model existed and the new version is not compatible with the one "
				+ "production serves: the differences. Production stays until the version is promoted with "
				+ "force") @Nullable JsonNode incompatibilities,
		@Schema(description = "Where the registered model answers predictions") @Nullable String endpointUrl,
		@Nullable String error, boolean cancelRequested, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, String eventsUrl) implements TrainingJobView {

	static TrainingJobResponse of(TrainingJob training, PublicUrls urls) {
		Job job = training.job();
		JsonNode parameters = job.parameters();
		JsonNode result = job.result();
		String id = job.id().value();
		var excluded = new java.util.ArrayList<String>();
		parameters.path("exclude_columns").forEach((column) -> excluded.add(column.asString()));
		String modelId = (result != null && result.has("model_id")) ? result.get("model_id").asString() : null;
		return new TrainingJobResponse("tabular", id, job.status().label(), job.progress(), job.stage(),
				parameters.path("dataset_id").asString(), parameters.path("target").asString(),
				parameters.path("model_name").asString(), parameters.path("task").asString(),
				parameters.path("task_inferred").asBoolean(), parameters.path("metric").asString(),
				parameters.path("time_budget_s").asLong(), parameters.path("folds").asInt(), excluded,
				parameters.path("seed").asLong(), leaderboard(training, result),
				(result != null) ? result.get("best") : null, modelId,
				(result != null && result.has("model_version")) ? result.get("model_version").asInt() : null,
				(result != null) ? result.get("incompatibilities") : null,
				(modelId != null) ? urls.of("/api/v1/models/" + modelId + "/predict") : null, job.error(),
				job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt(),
				"/api/v1/training-jobs/" + id + "/events");
	}

	private static JsonNode leaderboard(TrainingJob training, @Nullable JsonNode result) {
		if (result != null && result.has("leaderboard")) {
			return result.get("leaderboard");
		}
		ArrayNode board = JsonNodeFactory.instance.arrayNode();
		int rank = 1;
		for (JsonNode candidate : training.candidates()) {
			ObjectNode row = board.addObject().put("rank", rank++);
			row.setAll((ObjectNode) candidate);
		}
		return board;
	}

}
