package io.modelhost.protocols.web;

/** A request body over the serving limit. */
public final class BodyTooLargeException extends ProtocolException {

	private final long limit;

	public BodyTooLargeException(long limit) {
		super("the request body is larger than the limit of " + limit + " bytes");
		this.limit = limit;
	}

	public long limit() {
		return this.limit;
	}

}
