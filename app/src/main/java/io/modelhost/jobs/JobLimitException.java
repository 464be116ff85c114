package io.modelhost.jobs;

/** The owner has as many unfinished jobs as one user may have. */
public final class JobLimitException extends JobException {

	private final int limit;

	public JobLimitException(int limit) {
		super("you have " + limit
				+ " unfinished jobs, the most one user may have; wait for one to finish or cancel one");
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
