package io.modelhost.trainer;

/**
 * The monitor asked the trainer to stop; nothing was written.
 */
public final class TrainingCancelledException extends TrainingException {

	public TrainingCancelledException(String message) {
		super(message);
	}

}
