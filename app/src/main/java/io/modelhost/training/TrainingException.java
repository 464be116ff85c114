package io.modelhost.training;

/** Base of what the training module throws on purpose; messages are safe to show. */
public abstract sealed class TrainingException extends RuntimeException
		permits InvalidTrainingOrderException, TrainingReportNotFoundException {

	protected TrainingException(String message) {
		super(message);
	}

}
