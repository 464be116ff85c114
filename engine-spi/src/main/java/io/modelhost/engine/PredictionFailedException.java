package io.modelhost.engine;

/**
 * An engine failed to predict for a reason other than bad input.
 */
public final class PredictionFailedException extends EngineException {

	public PredictionFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
