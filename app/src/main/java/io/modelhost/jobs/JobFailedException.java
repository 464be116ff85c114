package io.modelhost.jobs;

/**
 * Thrown by a {@link JobHandler} to fail its job with a reason its owner may read, e.g.
 * "the target column has a single value". Not for bugs: anything else a handler throws
 * fails the job with a generic message and is logged.
 */
public class JobFailedException extends RuntimeException {

	/**
	 * @param message why the job failed, safe to show its owner: no paths, class names or
	 * stack traces
	 */
	public JobFailedException(String message) {
		super(message);
	}

	public JobFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
