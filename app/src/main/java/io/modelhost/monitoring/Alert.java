package io.modelhost.monitoring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An alert: a threshold crossed, open until the value is back at or below it.
 *
 * @param id its id
 * @param modelId the model
 * @param metric what crossed
 * @param threshold the threshold when it was raised
 * @param value the value that crossed it
 * @param raisedAt when it was raised
 * @param clearedValue the value when it cleared, or null while open
 * @param clearedAt when it cleared, or null while open
 */
public record Alert(String id, String modelId, AlertMetric metric, double threshold, double value, Instant raisedAt,
		@Nullable Double clearedValue, @Nullable Instant clearedAt) {

	/** Whether it is still open. */
	public boolean open() {
		return this.clearedAt == null;
	}

}
