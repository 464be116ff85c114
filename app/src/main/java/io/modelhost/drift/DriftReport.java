package io.modelhost.drift;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A comparison of current data with a model's reference.
 *
 * @param reference what was compared against
 * @param current what was compared
 * @param features one result per feature of the model, in its order
 * @param predictionDrift the same on the model's predictions; null when they could not be
 * had
 * @param shareDrifted the share of features drifted
 * @param drifted whether any feature drifted
 */
public record DriftReport(Side reference, Side current, List<FeatureDrift> features,
		@Nullable FeatureDrift predictionDrift, double shareDrifted, boolean drifted) {

	/** A feature drifts when its test's p-value is below this... */
	public static final double P_VALUE = 0.05;

	/** ...and its population stability index at least this. */
	public static final double PSI = 0.1;

	public DriftReport {
		features = List.copyOf(features);
	}

	/**
	 * One side of a comparison.
	 *
	 * @param source {@code dataset} or {@code captures}
	 * @param datasetId the dataset, for a dataset
	 * @param from the window's start, for captures
	 * @param to the window's end, for captures
	 * @param rows how many rows it holds
	 * @param sampled how many of them were compared
	 */
	public record Side(String source, @Nullable String datasetId, @Nullable Instant from, @Nullable Instant to,
			long rows, int sampled) {

	}

	/**
	 * The drift of one feature, or of the predictions.
	 *
	 * @param feature its name ({@code prediction} for the predictions)
	 * @param type {@code number} or {@code category}
	 * @param test {@code ks} for numbers, {@code chi_squared} for categories
	 * @param statistic the test's statistic; null when a side has no values
	 * @param pValue the test's p-value; null when a side has no values
	 * @param psi the population stability index over the histograms' bins; null when a
	 * side has no values
	 * @param drifted whether p-value &lt; {@link #P_VALUE} and PSI &ge; {@link #PSI}
	 * @param referenceHistogram the reference's values binned
	 * @param currentHistogram the current values in the same bins
	 */
	public record FeatureDrift(String feature, String type, String test, @Nullable Double statistic,
			@Nullable Double pValue, @Nullable Double psi, boolean drifted, Histogram referenceHistogram,
			Histogram currentHistogram) {

	}

	/**
	 * Values binned: by edges (numbers: bin i holds values in (edges[i], edges[i+1]], the
	 * first also the lowest) or by category.
	 *
	 * @param edges the bins' edges, one more than counts; null for categories
	 * @param categories the categories; null for numbers
	 * @param counts the rows per bin
	 */
	public record Histogram(@Nullable List<Double> edges, @Nullable List<String> categories, List<Long> counts) {

	}

}
