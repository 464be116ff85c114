package io.modelhost.protocols.web;

/** Base of what the protocol adapters throw on purpose; messages are safe to show. */
public abstract sealed class ProtocolException extends RuntimeException
		permits BodyTooLargeException, MalformedBodyException, UnsupportedContentTypeException {

	protected ProtocolException(String message) {
		super(message);
	}

}
