package io.modelhost.trainer;

/**
 * The training could not finish for a reason other than the request: the data could not
 * be read, or no candidate could be fitted.
 */
public final class TrainingFailedException extends TrainingException {

	public TrainingFailedException(String message, Throwable cause) {
		super(message, cause);
	}

	public TrainingFailedException(String message) {
		super(message);
	}

}
