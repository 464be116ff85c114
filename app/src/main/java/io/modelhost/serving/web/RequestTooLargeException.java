package io.modelhost.serving.web;

/** A prediction request body over the limit. */
final class RequestTooLargeException extends RuntimeException {

	private final long limit;

	RequestTooLargeException(long limit) {
		super("request body over " + limit + " bytes");
		this.limit = limit;
	}

	long limit() {
		return this.limit;
	}

}
