package io.modelhost.trainer;

/**
 * What a trainer reports while it runs, and how it learns that it must stop.
 *
 * <p>
 * Called from the trainer's own threads, possibly several at once: implementations must
 * be thread-safe and return quickly. {@link #cancelRequested()} is polled often enough
 * that a trainer stops within two seconds of it turning true.
 */
public interface TrainingMonitor {

	/** A monitor that ignores reports and never cancels. */
	TrainingMonitor NONE = new TrainingMonitor() {
	};

	/**
	 * How far the training has come.
	 * @param fraction 0..1, never decreasing
	 * @param stage what it is doing, in words a user understands, e.g.
	 * {@code "cross-validating xgboost"}
	 */
	default void progress(double fraction, String stage) {
	}

	/** A candidate finished its cross-validation. */
	default void candidateFinished(Candidate candidate) {
	}

	/** An image training finished an epoch. */
	default void epochFinished(EpochReport epoch) {
	}

	/** Whether the caller wants the training stopped. */
	default boolean cancelRequested() {
		return false;
	}

}
