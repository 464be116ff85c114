package io.modelhost.jobs;

/** The caller has no job with this id (another user's job is not found either). */
public final class JobNotFoundException extends JobException {

	public JobNotFoundException() {
		super("no such job");
	}

}
