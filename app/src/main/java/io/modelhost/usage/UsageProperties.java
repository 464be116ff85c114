package io.modelhost.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How usage records are written.
 *
 * @param flushInterval the longest a record waits in memory before it is written (default
 * 200ms): at most this window of records is lost if the process is killed; a graceful
 * shutdown writes everything
 * @param batchSize the most records written in one batch (default 1000)
 * @param bufferCapacity the most records waiting in memory; beyond it, requests write
 * their own record before answering rather than drop it (default 100000)
 * @param statsMaxPeriod the longest period one statistics query may cover (default 400d)
 * @param statsMaxPoints the most points a statistics series may have (default 1500)
 * @param statsExactPercentilesUpTo periods with at most this many requests get exact
 * latency percentiles, read from the raw records; larger ones get percentiles estimated
 * from the latency histogram (default 10000)
 * @param recordRetention how long raw usage records are kept (default 90d): the recent
 * errors and exact percentiles read them; 0 keeps them for ever
 * @param minuteRollupRetention how long per-minute rollups are kept (default 30d): series
 * with minute buckets read them; 0 keeps them for ever
 * @param hourRollupRetention how long per-hour rollups are kept (default 400d); 0 keeps
 * them for ever. Per-day rollups (the totals "ever") are always kept
 * @param retentionInterval how often records and rollups past their retention are deleted
 * (default 1h)
 */
@ConfigurationProperties("modelhost.usage")
public record UsageProperties(@DefaultValue("200ms") Duration flushInterval, @DefaultValue("1000") int batchSize,
		@DefaultValue("100000") int bufferCapacity, @DefaultValue("400d") Duration statsMaxPeriod,
		@DefaultValue("1500") int statsMaxPoints, @DefaultValue("10000") int statsExactPercentilesUpTo,
		@DefaultValue("90d") Duration recordRetention, @DefaultValue("30d") Duration minuteRollupRetention,
		@DefaultValue("400d") Duration hourRollupRetention, @DefaultValue("1h") Duration retentionInterval) {

	public UsageProperties {
		if (!flushInterval.isPositive()) {
			throw new IllegalArgumentException("flushInterval must be positive but was " + flushInterval);
		}
		if (batchSize < 1 || bufferCapacity < batchSize) {
			throw new IllegalArgumentException(
					"need 1 <= batchSize <= bufferCapacity but were " + batchSize + ", " + bufferCapacity);
		}
		if (statsMaxPeriod.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("statsMaxPeriod must be at least 1d but was " + statsMaxPeriod);
		}
		if (statsMaxPoints < 1) {
			throw new IllegalArgumentException("statsMaxPoints must be >= 1 but was " + statsMaxPoints);
		}
		if (recordRetention.isNegative() || minuteRollupRetention.isNegative() || hourRollupRetention.isNegative()
				|| !retentionInterval.isPositive()) {
			throw new IllegalArgumentException("usage retentions must be 0 or more, and the interval positive");
		}
		if (statsExactPercentilesUpTo < 0) {
			throw new IllegalArgumentException(
					"statsExactPercentilesUpTo must be >= 0 but was " + statsExactPercentilesUpTo);
		}
	}

}
