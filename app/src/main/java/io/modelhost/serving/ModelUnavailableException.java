package io.modelhost.serving;

import org.jspecify.annotations.Nullable;

/**
 * A model that passed admission cannot be loaded or run now: the server's fault, not the
 * caller's.
 */
public class ModelUnavailableException extends RuntimeException {

	public ModelUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
