package io.modelhost.batch;

/** A result deleted after {@code modelhost.batch.retention}. */
public final class BatchResultExpiredException extends BatchException {

	public BatchResultExpiredException() {
		super("the result was deleted after the retention period (modelhost.batch.retention); run the batch again");
	}

}
