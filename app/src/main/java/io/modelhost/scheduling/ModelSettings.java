package io.modelhost.scheduling;

import java.time.Duration;

/**
 * The effective scheduling settings of one model.
 *
 * @param queueCapacity predictions its queue holds
 * @param workers threads running its predictions at once
 * @param maxBatchSize the most requests in one batch (1: no batching)
 * @param maxBatchDelay how long a batch's first request waits for others
 * @param deadline how long a prediction may take in all
 */
public record ModelSettings(int queueCapacity, int workers, int maxBatchSize, Duration maxBatchDelay,
		Duration deadline) {

	public ModelSettings {
		if (queueCapacity < 1 || workers < 1 || maxBatchSize < 1) {
			throw new IllegalArgumentException("queueCapacity, workers and maxBatchSize must be >= 1 but were "
					+ queueCapacity + ", " + workers + ", " + maxBatchSize);
		}
	}

}
