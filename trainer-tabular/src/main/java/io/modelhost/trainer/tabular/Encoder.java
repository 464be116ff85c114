package io.modelhost.trainer.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.modelhost.trainer.tabular.FeaturePlan.Feature;
import org.jspecify.annotations.Nullable;

/**
 * Preprocessing fitted on training rows only: turns dataset rows into a numeric matrix.
 * Numbers are median-imputed and standardised for the linear families, or passed as they
 * are (missing as NaN) for trees; categories are one-hot encoded over the levels of the
 * whole column, and a missing or unseen category is all zeros.
 *
 * @param features the columns encoded, in matrix order
 * @param medians per feature, the training median (NaN for categories)
 * @param means per feature, the training mean after imputation (0 when not standardised)
 * @param scales per feature, the training standard deviation (1 when not standardised or
 * constant in the training rows)
 * @param linear whether numbers are imputed and standardised
 */
record Encoder(List<Feature> features, double[] medians, double[] means, double[] scales, boolean linear) {

	static Encoder fit(Table table, List<Feature> features, int[] rows, boolean linear) {
		int f = features.size();
		double[] medians = new double[f];
		double[] means = new double[f];
		double[] scales = new double[f];
		Arrays.fill(medians, Double.NaN);
		Arrays.fill(scales, 1.0);
		for (int j = 0; j < f; j++) {
			Feature feature = features.get(j);
			if (!feature.numeric()) {
				continue;
			}
			double[] present = Arrays.stream(rows)
				.mapToObj((r) -> table.rows().get(r)[feature.index()])
				.filter((value) -> value != null)
				.mapToDouble((value) -> ((Number) value).doubleValue())
				.sorted()
				.toArray();
			double median = (present.length == 0) ? 0.0 : (present.length % 2 == 1) ? present[present.length / 2]
					: (present[present.length / 2 - 1] + present[present.length / 2]) / 2.0;
			medians[j] = median;
			if (linear) {
				double sum = 0;
				double sumSquares = 0;
				for (int r : rows) {
					double x = value(table.rows().get(r)[feature.index()], median);
					sum += x;
					sumSquares += x * x;
				}
				double mean = sum / rows.length;
				double variance = Math.max(0.0, sumSquares / rows.length - mean * mean);
				means[j] = mean;
				scales[j] = (variance > 1e-24) ? Math.sqrt(variance) : 1.0;
			}
		}
		return new Encoder(List.copyOf(features), medians, means, scales, linear);
	}

	private static double value(@Nullable Object cell, double missing) {
		return (cell == null) ? missing : ((Number) cell).doubleValue();
	}

	/** The number of matrix columns. */
	int width() {
		int width = 0;
		for (Feature feature : this.features) {
			width += feature.numeric() ? 1 : feature.levels().size();
		}
		return width;
	}

	/** A name per matrix column: the column name, or {@code column=level}. */
	List<String> columnNames() {
		var names = new ArrayList<String>();
		for (Feature feature : this.features) {
			if (feature.numeric()) {
				names.add(feature.name());
			}
			else {
				feature.levels().forEach((level) -> names.add(feature.name() + "=" + level));
			}
		}
		return names;
	}

	/** For each matrix column, the index of the feature it comes from. */
	int[] sources() {
		int[] sources = new int[width()];
		int c = 0;
		for (int j = 0; j < this.features.size(); j++) {
			Feature feature = this.features.get(j);
			int n = feature.numeric() ? 1 : feature.levels().size();
			for (int k = 0; k < n; k++) {
				sources[c++] = j;
			}
		}
		return sources;
	}

	double[][] transform(Table table, int[] rows) {
		double[][] x = new double[rows.length][];
		for (int i = 0; i < rows.length; i++) {
			x[i] = transform(table.rows().get(rows[i]));
		}
		return x;
	}

	double[] transform(@Nullable Object[] row) {
		double[] out = new double[width()];
		int c = 0;
		for (int j = 0; j < this.features.size(); j++) {
			Feature feature = this.features.get(j);
			Object cell = row[feature.index()];
			if (feature.numeric()) {
				if (this.linear) {
					out[c++] = (value(cell, this.medians[j]) - this.means[j]) / this.scales[j];
				}
				else {
					out[c++] = value(cell, Double.NaN);
				}
			}
			else {
				String level = (cell == null) ? null : String.valueOf(cell);
				for (String candidate : feature.levels()) {
					out[c++] = candidate.equals(level) ? 1.0 : 0.0;
				}
			}
		}
		return out;
	}

}
