package io.modelhost.trainer.tabular;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.trainer.Metric;
import io.modelhost.trainer.tabular.Learner.Targets;

/**
 * Greedy forward selection of an ensemble (Caruana et al., 2004) over the candidates'
 * out-of-fold predictions: starting from the best candidate, repeatedly add (with
 * replacement) the candidate whose addition to the average scores best, even when that is
 * worse than before (a member added again refines the weights), and keep the best prefix
 * of the additions. A candidate's count over the total is its weight.
 *
 * <p>
 * The selection sees the same out-of-fold predictions it is scored on, so its own score
 * is optimistic, as is the best candidate's (the best of many on the same rows).
 * {@link #nested} estimates either choice honestly: for each fold, the choice is made on
 * the other folds' rows and scored on the held-out fold's.
 */
final class EnsembleSelection {

	/** Additions tried; the best prefix of them is kept. */
	private static final int STEPS = 25;

	private final Targets targets;

	private final Metric metric;

	/** Breaks ties of the metric (accuracy ties often): a smooth metric of the task. */
	private final Metric tieBreak;

	EnsembleSelection(Targets targets, Metric metric) {
		this.targets = targets;
		this.metric = metric;
		Metric smooth = targets.classification() ? Metric.LOG_LOSS : Metric.RMSE;
		this.tieBreak = (smooth == metric) ? (targets.classification() ? Metric.ACCURACY : Metric.MAE) : smooth;
	}

	/**
	 * The members' weights, one per candidate (zero when left out).
	 * @param outOfFold per candidate, its out-of-fold predictions over all rows
	 * @param refitSeconds per candidate, the estimated time to refit it on all rows
	 * @param secondsLeft the time the refits of the chosen members may take
	 * @param stopAt {@link System#nanoTime()} after which no more additions are tried
	 */
	double[] select(List<double[][]> outOfFold, double[] refitSeconds, double secondsLeft, long stopAt) {
		int n = this.targets.classification() ? this.targets.classes().length : this.targets.values().length;
		int[] all = new int[n];
		for (int i = 0; i < n; i++) {
			all[i] = i;
		}
		return select(outOfFold, all, STEPS, refitSeconds, secondsLeft, stopAt);
	}

	/**
	 * A choice's score estimated without letting it see the rows it is scored on.
	 * @param ensemble whether the choice is an ensemble, or the best candidate alone
	 * @return per row, the prediction of the choice made on the other folds
	 */
	double[][] nested(boolean ensemble, List<double[][]> outOfFold, Folds folds, double[] refitSeconds,
			double secondsLeft, long stopAt) {
		int n = outOfFold.getFirst().length;
		double[][] predictions = new double[n][];
		for (int fold = 0; fold < folds.count(); fold++) {
			double[] weights = select(outOfFold, folds.training(fold), ensemble ? STEPS : 1, refitSeconds, secondsLeft,
					stopAt);
			for (int i : folds.held(fold)) {
				predictions[i] = average(outOfFold, weights, i);
			}
		}
		return predictions;
	}

	/** The metrics of averaged predictions over all rows. */
	Map<Metric, Double> score(double[][] predictions) {
		return score(predictions, allRows(predictions.length));
	}

	static double[][] average(List<double[][]> outOfFold, double[] weights) {
		int n = outOfFold.getFirst().length;
		double[][] average = new double[n][];
		for (int i = 0; i < n; i++) {
			average[i] = average(outOfFold, weights, i);
		}
		return average;
	}

	private static double[] average(List<double[][]> outOfFold, double[] weights, int row) {
		double[] sum = new double[outOfFold.getFirst()[row].length];
		for (int c = 0; c < weights.length; c++) {
			if (weights[c] > 0) {
				for (int k = 0; k < sum.length; k++) {
					sum[k] += weights[c] * outOfFold.get(c)[row][k];
				}
			}
		}
		return sum;
	}

	private double[] select(List<double[][]> outOfFold, int[] rows, int steps, double[] refitSeconds,
			double secondsLeft, long stopAt) {
		int candidates = outOfFold.size();
		int width = outOfFold.getFirst()[0].length;
		Comparator<Map<Metric, Double>> better = comparator();
		int[] counts = new int[candidates];
		int[] bestCounts = null;
		double[][] sum = new double[rows.length][width];
		Map<Metric, Double> bestSoFar = null;
		int total = 0;
		double refit = 0;
		for (int step = 0; step < steps && (step == 0 || System.nanoTime() < stopAt); step++) {
			int best = -1;
			Map<Metric, Double> bestScore = null;
			for (int c = 0; c < candidates; c++) {
				if (counts[c] == 0 && total > 0 && refit + refitSeconds[c] > secondsLeft) {
					// a new member must be refitted in the time left
					continue;
				}
				double[][] trial = new double[rows.length][width];
				for (int i = 0; i < rows.length; i++) {
					double[] p = outOfFold.get(c)[rows[i]];
					for (int k = 0; k < width; k++) {
						trial[i][k] = (sum[i][k] + p[k]) / (total + 1);
					}
				}
				Map<Metric, Double> score = score(trial, rows);
				if (bestScore == null || better.compare(score, bestScore) < 0) {
					best = c;
					bestScore = score;
				}
			}
			if (counts[best] == 0) {
				refit += refitSeconds[best];
			}
			counts[best]++;
			total++;
			for (int i = 0; i < rows.length; i++) {
				double[] p = outOfFold.get(best)[rows[i]];
				for (int k = 0; k < width; k++) {
					sum[i][k] += p[k];
				}
			}
			if (bestSoFar == null || better.compare(bestScore, bestSoFar) < 0) {
				bestSoFar = bestScore;
				bestCounts = counts.clone();
			}
		}
		int chosen = java.util.Arrays.stream(bestCounts).sum();
		double[] weights = new double[candidates];
		for (int c = 0; c < candidates; c++) {
			weights[c] = (double) bestCounts[c] / chosen;
		}
		return weights;
	}

	/** Orders scores best first: by the metric, then by the tie-break. */
	Comparator<Map<Metric, Double>> comparator() {
		Comparator<Map<Metric, Double>> byMetric = Comparator.comparingDouble((s) -> s.get(this.metric));
		Comparator<Map<Metric, Double>> byTieBreak = Comparator.comparingDouble((s) -> s.get(this.tieBreak));
		return (this.metric.higherIsBetter() ? byMetric.reversed() : byMetric)
			.thenComparing(this.tieBreak.higherIsBetter() ? byTieBreak.reversed() : byTieBreak);
	}

	private Map<Metric, Double> score(double[][] predictions, int[] rows) {
		if (this.targets.classification()) {
			int[] classes = new int[rows.length];
			for (int i = 0; i < rows.length; i++) {
				classes[i] = this.targets.classes()[rows[i]];
			}
			return Scores.classification(classes, predictions, this.targets.classCount());
		}
		double[] values = new double[rows.length];
		double[] predicted = new double[rows.length];
		for (int i = 0; i < rows.length; i++) {
			values[i] = this.targets.values()[rows[i]];
			predicted[i] = predictions[i][0];
		}
		return Scores.regression(values, predicted);
	}

	private static int[] allRows(int n) {
		int[] rows = new int[n];
		for (int i = 0; i < n; i++) {
			rows[i] = i;
		}
		return rows;
	}

	/** A label for the members and their weights, for the leaderboard. */
	static Map<String, Object> describe(List<Learner> learners, double[] weights, Metric metric, double estimate) {
		var members = new ArrayList<String>();
		for (int c = 0; c < weights.length; c++) {
			if (weights[c] > 0) {
				members.add(String.format(java.util.Locale.ROOT, "%.3f %s %s", weights[c], learners.get(c).algorithm(),
						learners.get(c).params()));
			}
		}
		var params = new LinkedHashMap<String, Object>();
		params.put("members", List.copyOf(members));
		// the leaderboard's metrics are the selection's own, optimistic ones
		params.put("rechosen_per_fold_" + metric.label(), estimate);
		return params;
	}

}
