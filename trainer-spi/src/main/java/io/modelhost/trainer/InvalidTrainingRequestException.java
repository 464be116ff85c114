package io.modelhost.trainer;

/**
 * A request that cannot be trained as asked: the caller must change it.
 */
public final class InvalidTrainingRequestException extends TrainingException {

	private final Reason reason;

	public InvalidTrainingRequestException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/** What is wrong, for callers that map it to a response. */
	public Reason reason() {
		return this.reason;
	}

	/** What is wrong with a request. */
	public enum Reason {

		/** The target names no column of the dataset. */
		UNKNOWN_TARGET,
		/** The target column has fewer than two distinct values. */
		SINGLE_VALUE_TARGET,
		/**
		 * The target is also excluded, or a column cannot be a target (text, numbers for
		 * classification).
		 */
		UNSUITABLE_TARGET,
		/** An excluded column names no column of the dataset. */
		UNKNOWN_COLUMN,
		/** The metric scores the other task. */
		METRIC_MISMATCH,
		/** No usable feature column is left. */
		NO_FEATURES,
		/** Too few rows (or rows of a class) for the requested folds. */
		TOO_FEW_ROWS

	}

}
