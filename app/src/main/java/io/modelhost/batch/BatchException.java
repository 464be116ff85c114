package io.modelhost.batch;

/** What the batch module refuses; the HTTP adapter maps each to its problem type. */
public sealed abstract class BatchException extends RuntimeException permits InvalidBatchRequestException,
		ModelNotTabularException, BatchResultNotReadyException, BatchResultExpiredException {

	BatchException(String message) {
		super(message);
	}

}
