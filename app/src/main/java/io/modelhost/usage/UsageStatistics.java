package io.modelhost.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.modelhost.usage.internal.StatsStore;
import io.modelhost.usage.internal.StatsStore.Rollup;
import io.modelhost.usage.internal.Tally;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Usage and performance statistics of models, from the rollups that the usage writer
 * keeps with every batch it stores, so they are as fresh as the stored records and the
 * same on every replica and after a restart. A period is read in whole minutes: from the
 * hour rollup for its whole hours and the minute rollup for the minutes at its edges, so
 * a year reads about 9,000 rows per API key rather than every request. Callers check
 * access to the model first: this façade knows nothing of owners.
 */
@Service
public class UsageStatistics {

	/** The most failed requests {@link #errors} lists. */
	public static final int MAX_ERRORS = 500;

	private static final Duration DAY = Duration.ofDays(1);

	private final StatsStore store;

	private final UsageProperties properties;

	private final Clock clock;

	UsageStatistics(StatsStore store, UsageProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A model's statistics.
	 * @throws InvalidStatsQueryException if the period is longer than
	 * {@code modelhost.usage.stats-max-period} or its series would have more than
	 * {@code modelhost.usage.stats-max-points} points
	 */
	public ModelStats of(String modelId, StatsQuery query) {
		Instant from = query.from().truncatedTo(ChronoUnit.MINUTES);
		Instant to = ceilMinute(query.to());
		Duration length = Duration.between(from, to);
		// the period as asked, not as rounded to minutes
		if (Duration.between(query.from(), query.to()).compareTo(this.properties.statsMaxPeriod()) > 0) {
			throw new InvalidStatsQueryException("from",
					"the period must be at most " + this.properties.statsMaxPeriod().toDays() + " days");
		}
		Bucket bucket = (query.bucket() != null) ? query.bucket() : Bucket.defaultFor(length);
		Instant first = bucket.start(from);
		long points = (Duration.between(first, to).toSeconds() + bucket.width().toSeconds() - 1)
				/ bucket.width().toSeconds();
		if (points > this.properties.statsMaxPoints()) {
			throw new InvalidStatsQueryException("bucket", "the series would have " + points + " points, more than "
					+ this.properties.statsMaxPoints() + "; choose a wider bucket");
		}
		Map<Instant, Tally> rows = rows(modelId, query.apiKeyId(), from, to, bucket);
		var series = new TreeMap<Instant, Tally>();
		for (Instant start = first; start.isBefore(to); start = start.plus(bucket.width())) {
			series.put(start, new Tally());
		}
		var period = new Tally();
		rows.forEach((start, tally) -> {
			series.get(bucket.start(start)).add(tally);
			period.add(tally);
		});
		Instant now = this.clock.instant();
		Instant dayEnd = ceilMinute(now);
		long last24h = 0;
		for (Tally tally : rows(modelId, query.apiKeyId(), dayEnd.minus(DAY), dayEnd, Bucket.DAY).values()) {
			last24h += tally.count();
		}
		Tally total = this.store.total(modelId, query.apiKeyId());
		var seriesPoints = new ArrayList<SeriesPoint>(series.size());
		series.forEach(
				(start, tally) -> seriesPoints.add(new SeriesPoint(start, tally.counts(), tally.avgLatencyMillis())));
		var histogram = new ArrayList<Long>();
		for (long count : period.histogram()) {
			histogram.add(count);
		}
		return new ModelStats(from, to, bucket, total.count(), total.rows(), last24h, total.lastAt(), period.counts(),
				period.rows(), latency(modelId, query.apiKeyId(), from, to, period), seriesPoints, histogram);
	}

	/**
	 * A model's failed requests in a period, newest first.
	 * @param limit at most this many, 1..{@value #MAX_ERRORS}
	 */
	public List<ErrorEntry> errors(String modelId, Instant from, Instant to, int limit) {
		if (limit < 1 || limit > MAX_ERRORS) {
			throw new InvalidStatsQueryException("limit", "limit must be a whole number in 1.." + MAX_ERRORS);
		}
		return this.store.errors(modelId, from, to, limit);
	}

	/** Each model's usage at a glance, in one query; models without requests included. */
	public List<ModelSummary> summaries(Collection<String> modelIds) {
		Instant since = ceilMinute(this.clock.instant()).minus(DAY);
		Map<String, Tally[]> tallies = this.store.summaries(modelIds, since);
		var summaries = new ArrayList<ModelSummary>(modelIds.size());
		for (String id : modelIds) {
			Tally[] pair = tallies.getOrDefault(id, new Tally[] { new Tally(), new Tally() });
			summaries.add(new ModelSummary(id, pair[0].count(), pair[1].counts(), pair[1].avgLatencyMillis(),
					pair[0].lastAt()));
		}
		return summaries;
	}

	/**
	 * The rollup rows of [from, to), both whole minutes, none wider than the series'
	 * bucket: whole days from the day rollup, the hours around them from the hour rollup,
	 * the minutes at the edges from the minute rollup; at most five indexed range reads.
	 */
	private Map<Instant, Tally> rows(String modelId, @Nullable String key, Instant from, Instant to, Bucket bucket) {
		var rows = new TreeMap<Instant, Tally>();
		Rollup widest = switch (bucket) {
			case MINUTE -> Rollup.MINUTE;
			case HOUR -> Rollup.HOUR;
			case DAY -> Rollup.DAY;
		};
		collect(rows, modelId, key, from, to, widest);
		return rows;
	}

	private void collect(Map<Instant, Tally> rows, String modelId, @Nullable String key, Instant from, Instant to,
			Rollup rollup) {
		if (rollup == Rollup.MINUTE) {
			rows.putAll(this.store.buckets(Rollup.MINUTE, modelId, key, from, to));
			return;
		}
		Rollup finer = Rollup.values()[rollup.ordinal() - 1];
		Instant wholeFrom = ceil(from, rollup.unit());
		Instant wholeTo = to.truncatedTo(rollup.unit());
		if (!wholeFrom.isBefore(wholeTo)) {
			collect(rows, modelId, key, from, to, finer);
			return;
		}
		rows.putAll(this.store.buckets(rollup, modelId, key, wholeFrom, wholeTo));
		if (from.isBefore(wholeFrom)) {
			collect(rows, modelId, key, from, wholeFrom, finer);
		}
		if (wholeTo.isBefore(to)) {
			collect(rows, modelId, key, wholeTo, to, finer);
		}
	}

	/**
	 * Exact percentiles from the raw records when the period has few enough, estimated
	 * from the histogram otherwise.
	 */
	private @Nullable LatencySummary latency(String modelId, @Nullable String key, Instant from, Instant to,
			Tally period) {
		long count = period.count();
		if (count == 0) {
			return null;
		}
		double avg = period.latencySumMicros() / 1000.0 / count;
		double min = period.latencyMinMicros() / 1000.0;
		double max = period.latencyMaxMicros() / 1000.0;
		if (count <= this.properties.statsExactPercentilesUpTo()) {
			long[] sorted = this.store.latencies(modelId, key, from, to, (int) count)
				.stream()
				.mapToLong(Long::longValue)
				.sorted()
				.toArray();
			if (sorted.length == count) {
				return new LatencySummary(avg, min, max, nearestRank(sorted, 0.50), nearestRank(sorted, 0.95),
						nearestRank(sorted, 0.99), true);
			}
		}
		long[] histogram = period.histogram();
		return new LatencySummary(avg, min, max, estimate(histogram, 0.50, period), estimate(histogram, 0.95, period),
				estimate(histogram, 0.99, period), false);
	}

	private static double nearestRank(long[] sorted, double fraction) {
		int rank = (int) Math.ceil(fraction * sorted.length);
		return sorted[Math.max(0, rank - 1)] / 1000.0;
	}

	private static double estimate(long[] histogram, double fraction, Tally period) {
		return LatencyHistogram.percentileMicros(histogram, fraction, period.latencyMinMicros(),
				period.latencyMaxMicros()) / 1000.0;
	}

	private static Instant ceilMinute(Instant instant) {
		return ceil(instant, ChronoUnit.MINUTES);
	}

	private static Instant ceil(Instant instant, ChronoUnit unit) {
		Instant floor = instant.truncatedTo(unit);
		return floor.equals(instant) ? floor : floor.plus(unit.getDuration());
	}

}
