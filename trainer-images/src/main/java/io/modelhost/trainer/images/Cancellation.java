package io.modelhost.trainer.images;

import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingMonitor;

/** The one place a training looks at its monitor's cancellation. */
final class Cancellation {

	private Cancellation() {
	}

	/**
	 * @throws TrainingCancelledException when the monitor asked to stop
	 */
	static void check(TrainingMonitor monitor) {
		if (monitor.cancelRequested()) {
			throw new TrainingCancelledException("The training was cancelled.");
		}
	}

}
