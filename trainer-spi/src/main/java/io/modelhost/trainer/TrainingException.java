package io.modelhost.trainer;

/**
 * Base of everything a trainer throws on purpose. Messages are safe to show a user: plain
 * words, no file paths, no class names.
 */
public abstract sealed class TrainingException extends RuntimeException
		permits InvalidTrainingRequestException, TrainingCancelledException, TrainingFailedException {

	protected TrainingException(String message, Throwable cause) {
		super(message, cause);
	}

	protected TrainingException(String message) {
		super(message);
	}

}
