package io.modelhost.batch.web;

import java.time.Instant;
import java.util.List;

import io.modelhost.batch.BatchPrediction;
import io.modelhost.batch.RowFailure;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobStatus;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A batch prediction as the API shows it. */
record BatchPredictionResponse(String id, @Schema(description = "batch-prediction") String kind,
		@Schema(description = "queued, running, succeeded, failed or cancelled") String status,
		@Schema(description = "0..1: rows done / rows total") double progress, @Nullable String stage, String modelId,
		int modelVersion, String datasetId, @Schema(description = "Rows in the dataset") long rowsTotal,
		@Schema(description = "Rows scored or refused so far") long rowsDone,
		@Schema(description = "Rows the model answered") long rowsOk,
		@Schema(description = "Rows the model refused (missing feature, missing value, wrong type); each has its "
				+ "reason in the result's error column") long rowsFailed,
		@Schema(description = "The first refused rows: row (1 = the first data row) and reason") List<Failure> failures,
		@Nullable String error, boolean cancelRequested, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant finishedAt,
		@Schema(description = "Seconds spent reading, scoring and writing, once it succeeded") @Nullable Double scoringSeconds,
		@Schema(description = "Rows per second over the scoring, once it succeeded") @Nullable Long rowsPerSecond,
		@Schema(description = "Seconds of the scoring spent waiting for the batch-row quota "
				+ "(modelhost.quotas.per-user-batch-rows, per-key-batch-rows), once it succeeded") @Nullable Double quotaWaitSeconds,
		@Schema(description = "Where the result streams from (CSV, or JSON lines with Accept: "
				+ "application/x-ndjson), once it succeeded and until it expires") @Nullable String resultUrl,
		@Schema(description = "When the result file is deleted (modelhost.batch.retention)") @Nullable Instant resultExpiresAt,
		String eventsUrl) {

	static BatchPredictionResponse of(BatchPrediction batch, PublicUrls urls) {
		Job job = batch.job();
		String id = job.id().value();
		JsonNode result = job.result();
		boolean ready = job.status() == JobStatus.SUCCEEDED && !batch.resultDeleted();
		return new BatchPredictionResponse(id, job.kind().name(), job.status().label(), job.progress(), job.stage(),
				batch.modelId(), batch.modelVersion(), batch.datasetId(), batch.rowsTotal(), batch.rowsDone(),
				batch.rowsOk(), batch.rowsFailed(), batch.failures().stream().map(Failure::of).toList(), job.error(),
				job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt(),
				(result != null && result.has("scoring_seconds")) ? result.get("scoring_seconds").asDouble() : null,
				(result != null && result.has("rows_per_second")) ? result.get("rows_per_second").asLong() : null,
				(result != null && result.has("quota_wait_seconds")) ? result.get("quota_wait_seconds").asDouble()
						: null,
				ready ? urls.of("/api/v1/batch-predictions/" + id + "/result") : null,
				(job.status() == JobStatus.SUCCEEDED) ? batch.resultExpiresAt() : null,
				"/api/v1/batch-predictions/" + id + "/events");
	}

	/** A refused row. */
	record Failure(long row, String reason) {

		static Failure of(RowFailure failure) {
			return new Failure(failure.row(), failure.reason());
		}

	}

}
