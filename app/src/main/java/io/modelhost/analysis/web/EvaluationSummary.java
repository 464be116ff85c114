package io.modelhost.analysis.web;

import java.time.Instant;

import io.modelhost.jobs.Job;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** An evaluation in a list: its job and metrics, without the details. */
record EvaluationSummary(String id,
		@Schema(description = "queued, running, succeeded, failed or cancelled") String status, double progress,
		int version, String datasetId, String datasetName, @Nullable String target, String task, @Nullable Long rows,
		@Nullable JsonNode metrics, @Nullable String error, Instant createdAt, @Nullable Instant finishedAt) {

	static EvaluationSummary of(Job job) {
		EvaluationResponse full = EvaluationResponse.of(job);
		return new EvaluationSummary(full.id(), full.status(), full.progress(), full.version(), full.datasetId(),
				full.datasetName(), full.target(), full.task(), full.rows(), full.metrics(), full.error(),
				full.createdAt(), full.finishedAt());
	}

}
