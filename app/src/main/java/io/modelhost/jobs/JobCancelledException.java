package io.modelhost.jobs;

/**
 * Unwinds a {@link JobHandler} whose job should stop
 * ({@link JobContext#throwIfCancelled()}); the job then ends cancelled, or failed if its
 * node is shutting down. Handlers let it through.
 */
public final class JobCancelledException extends RuntimeException {

	public JobCancelledException() {
		super("the job was cancelled", null, false, false);
	}

}
