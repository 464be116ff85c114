package io.modelhost.usage;

import org.jspecify.annotations.Nullable;

/**
 * One bucket of a statistics series.
 *
 * @param start the bucket's start (UTC)
 * @param counts its requests by outcome
 * @param avgLatencyMillis their mean latency, or null if there were none
 */
public record SeriesPoint(java.time.Instant start, Counts counts, @Nullable Double avgLatencyMillis) {

}
