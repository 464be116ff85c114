package io.modelhost.protocols.web;

/** A request body that cannot be parsed at all (not JSON, not CSV). */
public final class MalformedBodyException extends ProtocolException {

	public MalformedBodyException(String message) {
		super(message);
	}

}
