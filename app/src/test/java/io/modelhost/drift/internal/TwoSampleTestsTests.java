package io.modelhost.drift.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The statistics against values from tables and from scipy. */
class TwoSampleTestsTests {

	@Test
	void chiSquaredTailMatchesTheTables() {
		// the 5% critical values for 1, 2 and 10 degrees of freedom
		assertThat(TwoSampleTests.chiSquaredQ(3.841459, 1)).isCloseTo(0.05, within(1e-6));
		assertThat(TwoSampleTests.chiSquaredQ(5.991465, 2)).isCloseTo(0.05, within(1e-6));
		assertThat(TwoSampleTests.chiSquaredQ(18.307038, 10)).isCloseTo(0.05, within(1e-6));
		// the 1% critical value for 5 degrees of freedom, by the continued fraction
		assertThat(TwoSampleTests.chiSquaredQ(15.086272, 5)).isCloseTo(0.01, within(1e-7));
		assertThat(TwoSampleTests.chiSquaredQ(0, 3)).isEqualTo(1.0);
	}

	@Test
	void chiSquaredOfAContingencyTable() {
		// expected 20 in each cell: (10-20)^2/20 * 4 = 20, two degrees of freedom, p =
		// exp(-10)
		TwoSampleTests.Result result = TwoSampleTests.chiSquared(new long[] { 10, 20, 30 }, new long[] { 30, 20, 10 });
		assertThat(result.statistic()).isCloseTo(20, within(1e-9));
		assertThat(result.freedom()).isEqualTo(2);
		assertThat(result.pValue()).isCloseTo(Math.exp(-10), within(1e-12));
	}

	@Test
	void chiSquaredLeavesOutCategoriesNeitherSampleHolds() {
		TwoSampleTests.Result result = TwoSampleTests.chiSquared(new long[] { 5, 0, 5 }, new long[] { 5, 0, 5 });
		assertThat(result.freedom()).isEqualTo(1);
		assertThat(result.statistic()).isZero();
		assertThat(result.pValue()).isEqualTo(1.0);
	}

	@Test
	void kolmogorovDistributionMatchesItsCriticalValues() {
		assertThat(TwoSampleTests.kolmogorovQ(1.358099)).isCloseTo(0.05, within(1e-5));
		assertThat(TwoSampleTests.kolmogorovQ(1.627624)).isCloseTo(0.01, within(1e-5));
		assertThat(TwoSampleTests.kolmogorovQ(0.1)).isEqualTo(1.0);
	}

	@Test
	void kolmogorovSmirnovOfSamples() {
		double[] low = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		double[] high = { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
		TwoSampleTests.Result apart = TwoSampleTests.kolmogorovSmirnov(low, high);
		assertThat(apart.statistic()).isEqualTo(1.0);
		// ne = 5: lambda = (sqrt(5) + 0.12 + 0.11 / sqrt(5)) * 1 = 2.4053; Q = 1.8e-5
		assertThat(apart.pValue()).isCloseTo(2 * Math.exp(-2 * 2.405262 * 2.405262), within(1e-7));
		TwoSampleTests.Result same = TwoSampleTests.kolmogorovSmirnov(low, low.clone());
		assertThat(same.statistic()).isZero();
		assertThat(same.pValue()).isEqualTo(1.0);
		// ties across samples: the largest gap of the step functions, here after 2
		TwoSampleTests.Result ties = TwoSampleTests.kolmogorovSmirnov(new double[] { 1, 2, 2, 3 },
				new double[] { 2, 3, 3, 3 });
		assertThat(ties.statistic()).isCloseTo(0.5, within(1e-12));
	}

	@Test
	void populationStabilityIndex() {
		assertThat(TwoSampleTests.psi(new long[] { 50, 50 }, new long[] { 5, 5 })).isZero();
		// (0.1-0.25) ln 0.4 + (0.2-0.25) ln 0.8 + (0.3-0.25) ln 1.2 + (0.4-0.25) ln 1.6
		assertThat(TwoSampleTests.psi(new long[] { 25, 25, 25, 25 }, new long[] { 10, 20, 30, 40 })).isCloseTo(0.228217,
				within(1e-6));
		// an empty bin is floored, not infinite
		assertThat(TwoSampleTests.psi(new long[] { 10, 0 }, new long[] { 5, 5 })).isFinite().isGreaterThan(1);
	}

	@Test
	void logGammaOfKnownValues() {
		assertThat(TwoSampleTests.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
		assertThat(TwoSampleTests.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
	}

	@Test
	void decileBinsFromTheReference() {
		double[] sorted = new double[100];
		for (int i = 0; i < 100; i++) {
			sorted[i] = i;
		}
		double[] cuts = DriftAnalysis.cuts(sorted);
		assertThat(cuts).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
		assertThat(DriftAnalysis.counts(sorted, cuts)).containsExactly(11, 10, 10, 10, 10, 10, 10, 10, 10, 9);
		assertThat(DriftAnalysis.cuts(new double[] { 3, 3, 3 })).containsExactly(3);
	}

}
