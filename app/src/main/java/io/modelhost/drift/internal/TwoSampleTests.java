package io.modelhost.drift.internal;

import java.util.Arrays;

/**
 * The statistics drift is measured with: the two-sample Kolmogorov-Smirnov test for
 * numbers, Pearson's chi-squared test of homogeneity for categories, and the population
 * stability index. Written here rather than taken from a library: the application has no
 * statistics library on its classpath, and these are a few well-known formulas (Numerical
 * Recipes, 3rd ed., 6.2 and 14.3), checked against known values in their tests.
 */
public final class TwoSampleTests {

	/**
	 * The share a PSI bin is floored at, so that an empty bin does not make it infinite.
	 */
	static final double PSI_FLOOR = 1e-4;

	private TwoSampleTests() {
	}

	/**
	 * The two-sample Kolmogorov-Smirnov test: the largest distance between the samples'
	 * empirical distribution functions, and its asymptotic p-value (the Kolmogorov
	 * distribution at {@code (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) * d}, with
	 * {@code ne = n m / (n + m)}).
	 * @param a one sample, not empty
	 * @param b the other, not empty
	 */
	public static Result kolmogorovSmirnov(double[] a, double[] b) {
		if (a.length == 0 || b.length == 0) {
			throw new IllegalArgumentException("samples must not be empty but had " + a.length + " and " + b.length);
		}
		double[] x = a.clone();
		double[] y = b.clone();
		Arrays.sort(x);
		Arrays.sort(y);
		int i = 0;
		int j = 0;
		double d = 0;
		while (i < x.length && j < y.length) {
			double value = Math.min(x[i], y[j]);
			while (i < x.length && x[i] == value) {
				i++;
			}
			while (j < y.length && y[j] == value) {
				j++;
			}
			d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
		}
		double ne = (double) x.length * y.length / (x.length + y.length);
		double root = Math.sqrt(ne);
		return new Result(d, kolmogorovQ((root + 0.12 + 0.11 / root) * d), 0);
	}

	/**
	 * The Kolmogorov distribution's upper tail: {@code Q(l) = 2 sum_{k>=1} (-1)^(k-1)
	 * exp(-2 k^2 l^2)}.
	 */
	static double kolmogorovQ(double lambda) {
		if (lambda < 0.2) {
			return 1; // the series converges slowly there, to 1 within 1e-10
		}
		double sum = 0;
		double sign = 1;
		for (int k = 1; k <= 100; k++) {
			double term = sign * Math.exp(-2 * k * k * lambda * lambda);
			sum += term;
			if (Math.abs(term) < 1e-12 * Math.abs(sum)) {
				break;
			}
			sign = -sign;
		}
		return Math.clamp(2 * sum, 0, 1);
	}

	/**
	 * Pearson's chi-squared test that two samples of categories come from one
	 * distribution: a 2 x k contingency table, categories neither sample holds left out,
	 * k - 1 degrees of freedom.
	 * @param reference the reference's count per category
	 * @param current the current sample's count per category, in the same order
	 */
	public static Result chiSquared(long[] reference, long[] current) {
		if (reference.length != current.length) {
			throw new IllegalArgumentException(
					"counts must match but were " + reference.length + " and " + current.length);
		}
		long referenceTotal = Arrays.stream(reference).sum();
		long currentTotal = Arrays.stream(current).sum();
		if (referenceTotal == 0 || currentTotal == 0) {
			throw new IllegalArgumentException(
					"samples must not be empty but had " + referenceTotal + " and " + currentTotal);
		}
		double total = referenceTotal + currentTotal;
		double statistic = 0;
		int categories = 0;
		for (int i = 0; i < reference.length; i++) {
			long column = reference[i] + current[i];
			if (column == 0) {
				continue;
			}
			categories++;
			double expectedReference = column * referenceTotal / total;
			double expectedCurrent = column * currentTotal / total;
			statistic += square(reference[i] - expectedReference) / expectedReference
					+ square(current[i] - expectedCurrent) / expectedCurrent;
		}
		int freedom = categories - 1;
		double p = (freedom < 1) ? 1 : chiSquaredQ(statistic, freedom);
		return new Result(statistic, p, freedom);
	}

	/** The chi-squared distribution's upper tail: {@code Q(df / 2, x / 2)}. */
	static double chiSquaredQ(double x, int freedom) {
		return regularizedGammaQ(freedom / 2.0, x / 2.0);
	}

	/**
	 * The population stability index, {@code sum (c - r) ln(c / r)} over the bins'
	 * shares, each share floored at {@value #PSI_FLOOR}.
	 */
	public static double psi(long[] reference, long[] current) {
		long referenceTotal = Arrays.stream(reference).sum();
		long currentTotal = Arrays.stream(current).sum();
		double psi = 0;
		for (int i = 0; i < reference.length; i++) {
			double r = Math.max((double) reference[i] / referenceTotal, PSI_FLOOR);
			double c = Math.max((double) current[i] / currentTotal, PSI_FLOOR);
			psi += (c - r) * Math.log(c / r);
		}
		return psi;
	}

	/** The regularized upper incomplete gamma function Q(a, x). */
	static double regularizedGammaQ(double a, double x) {
		if (x <= 0) {
			return 1;
		}
		if (x < a + 1) {
			return 1 - gammaSeries(a, x);
		}
		return gammaContinuedFraction(a, x);
	}

	/** P(a, x) by its series, for x < a + 1. */
	private static double gammaSeries(double a, double x) {
		double term = 1 / a;
		double sum = term;
		for (int n = 1; n < 10_000; n++) {
			term *= x / (a + n);
			sum += term;
			if (Math.abs(term) < Math.abs(sum) * 1e-15) {
				break;
			}
		}
		return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
	}

	/** Q(a, x) by Lentz's continued fraction, for x >= a + 1. */
	private static double gammaContinuedFraction(double a, double x) {
		double tiny = 1e-300;
		double b = x + 1 - a;
		double c = 1 / tiny;
		double d = 1 / b;
		double h = d;
		for (int i = 1; i < 10_000; i++) {
			double an = -i * (i - a);
			b += 2;
			d = an * d + b;
			if (Math.abs(d) < tiny) {
				d = tiny;
			}
			c = b + an / c;
			if (Math.abs(c) < tiny) {
				c = tiny;
			}
			d = 1 / d;
			double delta = d * c;
			h *= delta;
			if (Math.abs(delta - 1) < 1e-15) {
				break;
			}
		}
		return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
	}

	/** ln Gamma(x) for x > 0, by the Lanczos approximation (g = 7, n = 9). */
	static double logGamma(double x) {
		double[] g = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
				-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
				1.5056327351493116e-7 };
		if (x < 0.5) {
			return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
		}
		double z = x - 1;
		double sum = g[0];
		for (int i = 1; i < g.length; i++) {
			sum += g[i] / (z + i);
		}
		double t = z + 7.5;
		return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
	}

	private static double square(double value) {
		return value * value;
	}

	/**
	 * A test's outcome.
	 *
	 * @param statistic the test statistic (D for Kolmogorov-Smirnov, chi-squared)
	 * @param pValue the probability of a statistic at least this large if both samples
	 * come from one distribution
	 * @param freedom the chi-squared test's degrees of freedom; 0 for Kolmogorov-Smirnov
	 */
	public record Result(double statistic, double pValue, int freedom) {

	}

}
