package io.modelhost.analysis.internal;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import io.modelhost.analysis.internal.DatasetRows.Row;
import io.modelhost.analysis.internal.ModelScorer.Outcome.Predicted;
import io.modelhost.jobs.JobFailedException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A regressor's figures: sums for R², RMSE and MAE, each row's residual (actual minus
 * predicted, for the percentiles and the histogram), and the 50 rows with the largest
 * residuals.
 */
final class RegressionScore implements Score {

	/** The residual percentiles reported. */
	private static final int[] PERCENTILES = { 1, 5, 25, 50, 75, 95, 99 };

	private static final int BINS = 20;

	private final Doubles residuals = new Doubles();

	private double squares;

	private double absolute;

	/** Welford's running mean and sum of squared deviations of the actual values. */
	private double mean;

	private double deviations;

	private final PriorityQueue<Error> errors = new PriorityQueue<>(Error.ORDER);

	@Override
	public void add(Row row, Predicted predicted, List<String> classes) {
		if (!(row.actual() instanceof Number number)) {
			throw new JobFailedException("the target holds a value that is not a number in row " + row.number());
		}
		if (!predicted.value().isNumber()) {
			throw new JobFailedException("the model answered something other than a number for row " + row.number());
		}
		double actual = number.doubleValue();
		double value = predicted.value().asDouble();
		double residual = actual - value;
		this.residuals.add(residual);
		this.squares += residual * residual;
		this.absolute += Math.abs(residual);
		int n = this.residuals.size();
		double delta = actual - this.mean;
		this.mean += delta / n;
		this.deviations += delta * (actual - this.mean);
		this.errors.add(new Error(row, actual, value, residual));
		if (this.errors.size() > MAX_ERRORS) {
			this.errors.poll();
		}
	}

	@Override
	public long rows() {
		return this.residuals.size();
	}

	@Override
	public ObjectNode metrics() {
		ObjectNode metrics = JsonNodeFactory.instance.objectNode();
		int n = this.residuals.size();
		if (n == 0) {
			return metrics;
		}
		// as training scores: 0 when every actual value is the same
		metrics.put("r2", (this.deviations == 0) ? 0.0 : 1 - this.squares / this.deviations);
		metrics.put("rmse", Math.sqrt(this.squares / n));
		metrics.put("mae", this.absolute / n);
		return metrics;
	}

	@Override
	public void details(ObjectNode result) {
		double[] sorted = this.residuals.sorted();
		int n = sorted.length;
		ObjectNode residuals = result.putObject("residuals");
		if (n > 0) {
			double sum = 0;
			for (double residual : sorted) {
				sum += residual;
			}
			double mean = sum / n;
			double variance = 0;
			for (double residual : sorted) {
				variance += (residual - mean) * (residual - mean);
			}
			residuals.put("mean", mean);
			residuals.put("std", Math.sqrt(variance / n));
			residuals.put("min", sorted[0]);
			residuals.put("max", sorted[n - 1]);
			ObjectNode percentiles = residuals.putObject("percentiles");
			for (int p : PERCENTILES) {
				percentiles.put("p" + p, percentile(sorted, p));
			}
			histogram(sorted, residuals.putObject("histogram"));
		}
		ArrayNode errors = result.putArray("errors");
		this.errors.stream()
			.sorted(Error.ORDER.reversed())
			.forEach((error) -> errors.addObject()
				.put("row", error.row().number())
				.put("line", error.row().line())
				.put("actual", error.actual())
				.put("predicted", error.predicted())
				.put("residual", error.residual()));
	}

	/** Linear interpolation between the closest ranks (NumPy's default). */
	static double percentile(double[] sorted, int p) {
		double rank = p / 100.0 * (sorted.length - 1);
		int low = (int) Math.floor(rank);
		int high = (int) Math.ceil(rank);
		return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
	}

	/**
	 * {@value #BINS} equal bins from the smallest residual to the largest (the last one
	 * holds its upper edge); one bin when all are equal.
	 */
	private static void histogram(double[] sorted, ObjectNode histogram) {
		double min = sorted[0];
		double max = sorted[sorted.length - 1];
		int bins = (max > min) ? BINS : 1;
		long[] counts = new long[bins];
		double width = (max - min) / bins;
		for (double residual : sorted) {
			int bin = (bins == 1) ? 0 : (int) Math.min(bins - 1, Math.floor((residual - min) / width));
			counts[bin]++;
		}
		ArrayNode edges = histogram.putArray("edges");
		for (int i = 0; i <= bins; i++) {
			edges.add((i == bins) ? max : min + i * width);
		}
		ArrayNode values = histogram.putArray("counts");
		for (long count : counts) {
			values.add(count);
		}
	}

	/** A row and how far off the model was. */
	private record Error(Row row, double actual, double predicted, double residual) {

		/** Smallest miss first. */
		static final Comparator<Error> ORDER = Comparator.comparingDouble((Error e) -> Math.abs(e.residual()))
			.thenComparing(Comparator.comparingLong((Error e) -> e.row().number()).reversed());

	}

}
