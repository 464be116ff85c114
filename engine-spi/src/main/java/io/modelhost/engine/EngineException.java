package io.modelhost.engine;

/**
 * Base of everything an engine throws on purpose. Messages are safe to show a user: plain
 * words, no file paths, no class names.
 */
public abstract sealed class EngineException extends RuntimeException
		permits ModelRejectedException, InvalidInputException, PredictionFailedException {

	protected EngineException(String message, Throwable cause) {
		super(message, cause);
	}

	protected EngineException(String message) {
		super(message);
	}

}
