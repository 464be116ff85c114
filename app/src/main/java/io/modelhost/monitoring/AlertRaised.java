package io.modelhost.monitoring;

import java.time.Instant;

import io.modelhost.accounts.UserId;

/**
 * A model endpoint crossed one of its alert thresholds.
 *
 * @param owner the model's owner, who is told
 * @param modelId the model
 * @param alertId the alert's id, the same when it is later cleared
 * @param metric what crossed: {@code cpu_percent}, {@code memory_mb}, {@code error_rate}
 * or {@code p95_latency_ms}; or {@code damaged_file} when a version's stored file failed
 * its integrity check (value: the version's number, threshold 0)
 * @param threshold the configured threshold
 * @param value the measured value that crossed it
 * @param at when it was raised
 */
public record AlertRaised(UserId owner, String modelId, String alertId, String metric, double threshold, double value,
		Instant at) {

}
