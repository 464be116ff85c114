package io.modelhost.batch;

import io.modelhost.jobs.JobStatus;

/** A result asked for before the job succeeded, or of a job that did not. */
public final class BatchResultNotReadyException extends BatchException {

	private final JobStatus status;

	public BatchResultNotReadyException(JobStatus status) {
		super("the batch prediction is " + status.label() + "; its result is there once it has succeeded");
		this.status = status;
	}

	public JobStatus status() {
		return this.status;
	}

}
