package io.modelhost.usage;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A model's usage at a glance.
 *
 * @param modelId the model
 * @param total requests ever
 * @param last24h the requests in the last 24 hours by outcome
 * @param avgLatencyMillis24h their mean latency, or null if there were none
 * @param lastRequestAt when the last request was answered, or null if there was none
 */
public record ModelSummary(String modelId, long total, Counts last24h, @Nullable Double avgLatencyMillis24h,
		@Nullable Instant lastRequestAt) {

}
