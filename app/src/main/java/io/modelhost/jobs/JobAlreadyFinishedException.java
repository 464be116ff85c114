package io.modelhost.jobs;

/** A finished job cannot be cancelled. */
public final class JobAlreadyFinishedException extends JobException {

	private final JobStatus status;

	public JobAlreadyFinishedException(JobStatus status) {
		super("the job has already finished: it " + status.label());
		this.status = status;
	}

	/** The job's final status. */
	public JobStatus status() {
		return this.status;
	}

}
