package io.modelhost.batch;

import java.time.Instant;
import java.util.List;

import io.modelhost.jobs.Job;
import org.jspecify.annotations.Nullable;

/**
 * A batch prediction: its job and how far the scoring got.
 *
 * @param job the job (status, progress, timings, error)
 * @param modelId the model scored with
 * @param modelVersion the version, fixed at submission
 * @param datasetId the rows scored
 * @param rowsTotal the dataset's rows
 * @param rowsDone rows scored or refused so far
 * @param rowsOk rows the model answered
 * @param rowsFailed rows the model refused
 * @param failures the first refused rows
 * @param resultExpiresAt when the result file goes, once the job succeeded
 * @param resultDeleted whether it went
 */
public record BatchPrediction(Job job, String modelId, int modelVersion, String datasetId, long rowsTotal,
		long rowsDone, long rowsOk, long rowsFailed, List<RowFailure> failures, @Nullable Instant resultExpiresAt,
		boolean resultDeleted) {

	public BatchPrediction {
		failures = List.copyOf(failures);
	}

}
