package io.modelhost.serving;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.modelhost.registry.ModelId;
import io.modelhost.usage.LatencyHistogram;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Side-by-side statistics of the versions behind a model's traffic split, in this
 * replica's memory since the split was set: requests, errors and latency of production
 * and the canary as they answered, and of the shadow as it scored its copies (with how
 * many copies were dropped, and how often its answer agreed with production's). Shadow
 * scoring is recorded here alone: never in usage records, so it is not counted as the
 * caller's requests.
 */
@Component
public class RolloutStats {

	/** Models followed at most; beyond, new splits are not followed until a restart. */
	private static final int MAX_MODELS = 10_000;

	private final Map<ModelId, Split> splits = new ConcurrentHashMap<>();

	/**
	 * Records an answer (or, with {@code failed}, a failure) of a version of the split
	 * set at {@code since}.
	 */
	void record(ModelId model, Instant since, String role, int version, long latencyNanos, boolean failed) {
		Counts counts = counts(model, since, role, version);
		if (counts != null) {
			counts.record(latencyNanos, failed);
		}
	}

	/**
	 * Records how a shadow's answer compared with production's: rows agreeing of rows.
	 */
	void compared(ModelId model, Instant since, int version, int agreeing, int rows) {
		Counts counts = counts(model, since, "shadow", version);
		if (counts != null) {
			counts.agreeing.add(agreeing);
			counts.compared.add(rows);
		}
	}

	/** Records a shadow copy dropped because the shadow queue was full. */
	void dropped(ModelId model, Instant since, int version) {
		Counts counts = counts(model, since, "shadow", version);
		if (counts != null) {
			counts.dropped.increment();
		}
	}

	private @Nullable Counts counts(ModelId model, Instant since, String role, int version) {
		Split split = this.splits.get(model);
		if (split == null || !split.since.equals(since)) {
			if (split == null && this.splits.size() >= MAX_MODELS) {
				return null;
			}
			// a new split starts its statistics afresh
			split = this.splits.compute(model,
					(key, current) -> (current != null && !current.since.isBefore(since)) ? current : new Split(since));
			if (!split.since.equals(since)) {
				return null; // a call that began under the previous split
			}
		}
		return split.versions.computeIfAbsent(role + ":" + version, (key) -> new Counts(role, version));
	}

	/** Forgets a model's statistics: its split was removed. */
	public void forget(ModelId model) {
		this.splits.remove(model);
	}

	/**
	 * The statistics of the model's split set at {@code since}: production first, then
	 * the canary and the shadow; empty if none were recorded.
	 */
	public List<VersionStats> of(ModelId model, Instant since) {
		Split split = this.splits.get(model);
		if (split == null || !split.since.equals(since)) {
			return List.of();
		}
		return split.versions.values()
			.stream()
			.map(Counts::snapshot)
			.sorted(Comparator.comparingInt((VersionStats stats) -> order(stats.role()))
				.thenComparingInt(VersionStats::version))
			.toList();
	}

	private static int order(String role) {
		return switch (role) {
			case "production" -> 0;
			case "canary" -> 1;
			default -> 2;
		};
	}

	/**
	 * One version's statistics.
	 *
	 * @param version the version
	 * @param role {@code production}, {@code canary} or {@code shadow}
	 * @param requests answers it gave (copies it scored, for the shadow)
	 * @param errors calls it failed (a client's invalid input is not its failure)
	 * @param meanMs mean latency of its answers, in milliseconds
	 * @param p50Ms median latency, estimated from fixed buckets
	 * @param p95Ms 95th percentile latency
	 * @param p99Ms 99th percentile latency
	 * @param dropped for the shadow, copies dropped because its queue was full
	 * @param agreement for the shadow, the share of rows whose prediction equals
	 * production's, or null when nothing was compared (e.g. a regression's numbers)
	 */
	public record VersionStats(int version, String role, long requests, long errors, double meanMs, double p50Ms,
			double p95Ms, double p99Ms, long dropped, @Nullable Double agreement) {

	}

	private static final class Split {

		private final Instant since;

		private final Map<String, Counts> versions = new ConcurrentHashMap<>();

		Split(Instant since) {
			this.since = since;
		}

	}

	private static final class Counts {

		private final String role;

		private final int version;

		private final LongAdder requests = new LongAdder();

		private final LongAdder errors = new LongAdder();

		private final LongAdder totalMicros = new LongAdder();

		private final AtomicLong minMicros = new AtomicLong(Long.MAX_VALUE);

		private final AtomicLong maxMicros = new AtomicLong();

		private final AtomicLongArray buckets = new AtomicLongArray(LatencyHistogram.BUCKETS);

		private final LongAdder dropped = new LongAdder();

		private final LongAdder agreeing = new LongAdder();

		private final LongAdder compared = new LongAdder();

		Counts(String role, int version) {
			this.role = role;
			this.version = version;
		}

		void record(long latencyNanos, boolean failed) {
			if (failed) {
				this.errors.increment();
				return;
			}
			long micros = latencyNanos / 1_000;
			this.requests.increment();
			this.totalMicros.add(micros);
			this.minMicros.accumulateAndGet(micros, Math::min);
			this.maxMicros.accumulateAndGet(micros, Math::max);
			this.buckets.incrementAndGet(LatencyHistogram.bucketOf(micros));
		}

		VersionStats snapshot() {
			long[] counts = new long[this.buckets.length()];
			for (int i = 0; i < counts.length; i++) {
				counts[i] = this.buckets.get(i);
			}
			long requests = this.requests.sum();
			long min = (requests > 0) ? this.minMicros.get() : 0;
			long max = this.maxMicros.get();
			long compared = this.compared.sum();
			return new VersionStats(this.version, this.role, requests, this.errors.sum(),
					(requests > 0) ? millis(this.totalMicros.sum() / (double) requests) : 0,
					millis(LatencyHistogram.percentileMicros(counts, 0.5, min, max)),
					millis(LatencyHistogram.percentileMicros(counts, 0.95, min, max)),
					millis(LatencyHistogram.percentileMicros(counts, 0.99, min, max)), this.dropped.sum(),
					(compared > 0) ? this.agreeing.sum() / (double) compared : null);
		}

		private static double millis(double micros) {
			return Math.round(micros) / 1_000.0;
		}

	}

}
