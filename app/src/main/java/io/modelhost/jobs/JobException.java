package io.modelhost.jobs;

/** Base of what the jobs module's façade throws on purpose. */
public abstract sealed class JobException extends RuntimeException permits JobNotFoundException,
		JobAlreadyFinishedException, UnknownJobKindException, InvalidJobParametersException, JobLimitException {

	protected JobException(String message) {
		super(message);
	}

}
