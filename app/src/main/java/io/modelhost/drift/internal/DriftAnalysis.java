package io.modelhost.drift.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.drift.DriftReport;
import io.modelhost.drift.DriftReport.FeatureDrift;
import io.modelhost.drift.DriftReport.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Compares one feature's values in two samples: numbers by the Kolmogorov-Smirnov test
 * and PSI over ten bins cut at the reference's deciles, categories by the chi-squared
 * test and PSI over the categories. A feature drifts when both say so: a p-value below
 * {@link DriftReport#P_VALUE} (the difference is not chance) and a PSI at least
 * {@link DriftReport#PSI} (the difference is big enough to matter; with thousands of rows
 * a test alone flags shifts too small to care about).
 */
public final class DriftAnalysis {

	/** The bins numbers are cut into, at the reference's quantiles. */
	static final int BINS = 10;

	/** The most categories shown; the rarer ones are counted together. */
	static final int MAX_CATEGORIES = 50;

	static final String OTHER = "(other)";

	private DriftAnalysis() {
	}

	/**
	 * Compares one feature.
	 * @param numeric whether its values are numbers (else categories)
	 * @param reference the reference's values; nulls (missing) are left out
	 * @param current the current values; nulls are left out
	 */
	public static FeatureDrift compare(String feature, boolean numeric, List<@Nullable Object> reference,
			List<@Nullable Object> current) {
		return numeric ? numbers(feature, doubles(reference), doubles(current))
				: categories(feature, strings(reference), strings(current));
	}

	static FeatureDrift numbers(String feature, double[] reference, double[] current) {
		if (reference.length == 0 || current.length == 0) {
			return new FeatureDrift(feature, "number", "ks", null, null, null, false,
					new Histogram(List.of(), null, List.of()), new Histogram(List.of(), null, List.of()));
		}
		double[] sorted = reference.clone();
		Arrays.sort(sorted);
		double[] cuts = cuts(sorted);
		long[] referenceCounts = counts(reference, cuts);
		long[] currentCounts = counts(current, cuts);
		var edges = new ArrayList<Double>();
		double lowest = Math.min(sorted[0], Arrays.stream(current).min().orElseThrow());
		double highest = Math.max(sorted[sorted.length - 1], Arrays.stream(current).max().orElseThrow());
		edges.add(lowest);
		Arrays.stream(cuts).forEach(edges::add);
		edges.add(highest);
		TwoSampleTests.Result ks = TwoSampleTests.kolmogorovSmirnov(reference, current);
		double psi = TwoSampleTests.psi(referenceCounts, currentCounts);
		return new FeatureDrift(feature, "number", "ks", ks.statistic(), ks.pValue(), psi, drifted(ks.pValue(), psi),
				new Histogram(edges, null, boxed(referenceCounts)), new Histogram(edges, null, boxed(currentCounts)));
	}

	static FeatureDrift categories(String feature, List<String> reference, List<String> current) {
		if (reference.isEmpty() || current.isEmpty()) {
			return new FeatureDrift(feature, "category", "chi_squared", null, null, null, false,
					new Histogram(null, List.of(), List.of()), new Histogram(null, List.of(), List.of()));
		}
		Map<String, Long> referenceCounts = tally(reference);
		Map<String, Long> currentCounts = tally(current);
		// the reference's categories, most frequent first, then those new in the current
		var order = new ArrayList<String>(byCount(referenceCounts));
		for (String category : byCount(currentCounts)) {
			if (!referenceCounts.containsKey(category)) {
				order.add(category);
			}
		}
		List<String> shown = (order.size() > MAX_CATEGORIES) ? new ArrayList<>(order.subList(0, MAX_CATEGORIES - 1))
				: order;
		boolean other = order.size() > MAX_CATEGORIES;
		int bins = shown.size() + (other ? 1 : 0);
		long[] referenceBins = new long[bins];
		long[] currentBins = new long[bins];
		var index = new HashMap<String, Integer>();
		for (int i = 0; i < shown.size(); i++) {
			index.put(shown.get(i), i);
		}
		referenceCounts.forEach((category, count) -> referenceBins[index.getOrDefault(category, bins - 1)] += count);
		currentCounts.forEach((category, count) -> currentBins[index.getOrDefault(category, bins - 1)] += count);
		var categories = new ArrayList<>(shown);
		if (other) {
			categories.add(OTHER);
		}
		TwoSampleTests.Result chi = TwoSampleTests.chiSquared(referenceBins, currentBins);
		double psi = TwoSampleTests.psi(referenceBins, currentBins);
		return new FeatureDrift(feature, "category", "chi_squared", chi.statistic(), chi.pValue(), psi,
				drifted(chi.pValue(), psi), new Histogram(null, categories, boxed(referenceBins)),
				new Histogram(null, categories, boxed(currentBins)));
	}

	static boolean drifted(double pValue, double psi) {
		return pValue < DriftReport.P_VALUE && psi >= DriftReport.PSI;
	}

	/** The distinct deciles of sorted values: the inner edges of the bins. */
	static double[] cuts(double[] sorted) {
		return java.util.stream.IntStream.range(1, BINS)
			.mapToDouble((k) -> sorted[(int) ((long) k * sorted.length / BINS)])
			.distinct()
			.toArray();
	}

	/** Values per bin: bin i holds values above cuts[i-1] and at most cuts[i]. */
	static long[] counts(double[] values, double[] cuts) {
		long[] counts = new long[cuts.length + 1];
		for (double value : values) {
			int at = Arrays.binarySearch(cuts, value);
			counts[(at >= 0) ? at : -at - 1]++;
		}
		return counts;
	}

	private static double[] doubles(List<@Nullable Object> values) {
		return values.stream().mapToDouble((value) -> switch (value) {
			case Number number -> number.doubleValue();
			case Boolean bool -> bool ? 1 : 0;
			case String text -> parse(text);
			case null -> Double.NaN;
			default -> Double.NaN;
		}).filter((value) -> !Double.isNaN(value)).toArray();
	}

	private static double parse(String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private static List<String> strings(List<@Nullable Object> values) {
		var strings = new ArrayList<String>(values.size());
		for (Object value : values) {
			if (value != null) {
				strings.add(value.toString());
			}
		}
		return strings;
	}

	private static Map<String, Long> tally(List<String> values) {
		var counts = new LinkedHashMap<String, Long>();
		values.forEach((value) -> counts.merge(value, 1L, Long::sum));
		return counts;
	}

	private static List<String> byCount(Map<String, Long> counts) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.map(Map.Entry::getKey)
			.toList();
	}

	private static List<Long> boxed(long[] counts) {
		return Arrays.stream(counts).boxed().toList();
	}

}
