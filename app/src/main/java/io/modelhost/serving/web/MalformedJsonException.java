package io.modelhost.serving.web;

import tools.jackson.core.JacksonException;

/** A prediction request body that is not JSON. */
final class MalformedJsonException extends RuntimeException {

	MalformedJsonException(JacksonException cause) {
		super(cause.getOriginalMessage(), cause);
	}

}
