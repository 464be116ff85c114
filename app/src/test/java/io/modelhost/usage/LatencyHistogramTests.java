package io.modelhost.usage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTests {

	@Test
	void putsALatencyInTheFirstBucketWhoseBoundItDoesNotExceed() {
		assertThat(LatencyHistogram.bucketOf(0)).isZero();
		assertThat(LatencyHistogram.bucketOf(1_000)).isZero();
		assertThat(LatencyHistogram.bucketOf(1_001)).isEqualTo(1);
		assertThat(LatencyHistogram.bucketOf(10_000_000)).isEqualTo(12);
		assertThat(LatencyHistogram.bucketOf(10_000_001)).isEqualTo(13);
		assertThat(LatencyHistogram.BUCKETS).isEqualTo(14);
	}

	@Test
	void interpolatesAPercentileWithinItsBucketNarrowedToTheObservedRange() {
		long[] counts = new long[LatencyHistogram.BUCKETS];
		counts[6] = 100; // 50..100 ms
		// the 100 latencies lie in 60..90 ms: the median is estimated half way
		assertThat(LatencyHistogram.percentileMicros(counts, 0.5, 60_000, 90_000)).isCloseTo(75_000, within(1e-6));
		assertThat(LatencyHistogram.percentileMicros(counts, 1.0, 60_000, 90_000)).isCloseTo(90_000, within(1e-6));
	}

	@Test
	void estimatesWithinTheWidthOfTheBucketAPercentileFallsIn() {
		long[] counts = new long[LatencyHistogram.BUCKETS];
		counts[0] = 90; // <= 1 ms
		counts[8] = 10; // 250..500 ms
		double p95 = LatencyHistogram.percentileMicros(counts, 0.95, 200, 480_000);
		assertThat(p95).isBetween(250_000.0, 480_000.0);
		assertThat(LatencyHistogram.percentileMicros(counts, 0.5, 200, 480_000)).isBetween(200.0, 1_000.0);
		assertThat(LatencyHistogram.percentileMicros(new long[LatencyHistogram.BUCKETS], 0.5, 0, 0)).isZero();
	}

	@Test
	void usesTheMaximumForLatenciesAboveTheLastBound() {
		long[] counts = new long[LatencyHistogram.BUCKETS];
		counts[13] = 2;
		assertThat(LatencyHistogram.percentileMicros(counts, 1.0, 12_000_000, 30_000_000)).isCloseTo(30_000_000,
				within(1e-6));
	}

}
