package io.modelhost.usage;

import java.util.List;

/**
 * The fixed latency buckets of usage statistics. Bucket {@code i} counts latencies above
 * the bound before it and at most {@code BOUNDS_MICROS[i]}; the last bucket counts those
 * above the last bound. The rollup tables' columns {@code h0..h13} are these buckets, so
 * changing the bounds needs a migration.
 */
public final class LatencyHistogram {

	/** Upper bounds in milliseconds: 1, 2, 5 ... 10000; one more bucket above. */
	public static final List<Integer> BOUNDS_MILLIS = List.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
			10000);

	/** Buckets, including the one above the last bound. */
	public static final int BUCKETS = BOUNDS_MILLIS.size() + 1;

	private LatencyHistogram() {
	}

	/** The bucket a latency falls in. */
	public static int bucketOf(long latencyMicros) {
		for (int i = 0; i < BOUNDS_MILLIS.size(); i++) {
			if (latencyMicros <= BOUNDS_MILLIS.get(i) * 1000L) {
				return i;
			}
		}
		return BOUNDS_MILLIS.size();
	}

	/**
	 * A percentile estimated from bucket counts: linear within the bucket it falls in,
	 * the bucket's range narrowed to the observed minimum and maximum, so the error is at
	 * most that bucket's width.
	 * @param counts the count of each bucket
	 * @param fraction the percentile as a fraction, in (0, 1]
	 * @return the estimate in microseconds, or 0 if nothing was counted
	 */
	public static double percentileMicros(long[] counts, double fraction, long minMicros, long maxMicros) {
		long total = 0;
		for (long count : counts) {
			total += count;
		}
		if (total == 0) {
			return 0;
		}
		double rank = fraction * total;
		long below = 0;
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] > 0 && below + counts[i] >= rank) {
				double low = Math.max((i == 0) ? 0 : BOUNDS_MILLIS.get(i - 1) * 1000.0, minMicros);
				double high = Math.min((i < BOUNDS_MILLIS.size()) ? BOUNDS_MILLIS.get(i) * 1000.0 : maxMicros,
						maxMicros);
				if (high < low) {
					high = low;
				}
				return low + (high - low) * ((rank - below) / counts[i]);
			}
			below += counts[i];
		}
		return maxMicros;
	}

}
