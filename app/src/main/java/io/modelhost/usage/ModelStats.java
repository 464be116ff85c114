package io.modelhost.usage;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A model's usage statistics, all for one API key if the query named one.
 *
 * @param from the period's start, the query's rounded down to the minute
 * @param to the period's end (exclusive), the query's rounded up to the minute
 * @param bucket the series' bucket width
 * @param total requests ever
 * @param totalRows rows (or examples) those requests held, ever: a batch prediction's
 * chunk is one request of many rows
 * @param last24h requests in the 24 hours up to now (whole minutes)
 * @param lastRequestAt when the last request was answered, or null if there was none
 * @param period the period's requests by outcome
 * @param periodRows rows the period's requests held
 * @param latency the period's latency, or null if it had no requests
 * @param series the period bucket by bucket, oldest first, empty buckets included
 * @param histogram the period's requests per {@link LatencyHistogram} bucket
 */
public record ModelStats(Instant from, Instant to, Bucket bucket, long total, long totalRows, long last24h,
		@Nullable Instant lastRequestAt, Counts period, long periodRows, @Nullable LatencySummary latency,
		List<SeriesPoint> series, List<Long> histogram) {

	public ModelStats {
		series = List.copyOf(series);
		histogram = List.copyOf(histogram);
	}

}
