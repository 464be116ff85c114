package io.modelhost.trainer.tabular;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.modelhost.trainer.Metric;

/**
 * Every metric of a task, from out-of-fold predictions over all rows.
 */
final class Scores {

	private static final double EPSILON = 1e-15;

	private Scores() {
	}

	/**
	 * Classification metrics.
	 * @param classes the true class of each row
	 * @param probabilities each row's probability per class
	 */
	static Map<Metric, Double> classification(int[] classes, double[][] probabilities, int classCount) {
		int n = classes.length;
		int[] predicted = new int[n];
		int correct = 0;
		double logLoss = 0;
		for (int i = 0; i < n; i++) {
			predicted[i] = argmax(probabilities[i]);
			if (predicted[i] == classes[i]) {
				correct++;
			}
			logLoss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i][classes[i]])));
		}
		var metrics = new LinkedHashMap<Metric, Double>();
		metrics.put(Metric.ACCURACY, (double) correct / n);
		metrics.put(Metric.F1_MACRO, f1Macro(classes, predicted, classCount));
		metrics.put(Metric.ROC_AUC, rocAuc(classes, probabilities, classCount));
		metrics.put(Metric.LOG_LOSS, logLoss / n);
		return metrics;
	}

	static int argmax(double[] values) {
		int best = 0;
		for (int k = 1; k < values.length; k++) {
			if (values[k] > values[best]) {
				best = k;
			}
		}
		return best;
	}

	private static double f1Macro(int[] classes, int[] predicted, int classCount) {
		double sum = 0;
		for (int k = 0; k < classCount; k++) {
			int tp = 0;
			int fp = 0;
			int fn = 0;
			for (int i = 0; i < classes.length; i++) {
				if (predicted[i] == k && classes[i] == k) {
					tp++;
				}
				else if (predicted[i] == k) {
					fp++;
				}
				else if (classes[i] == k) {
					fn++;
				}
			}
			sum += (tp == 0) ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
		}
		return sum / classCount;
	}

	/** Binary AUC of the second class, or the macro mean of one-vs-rest AUCs. */
	private static double rocAuc(int[] classes, double[][] probabilities, int classCount) {
		if (classCount == 2) {
			return auc(classes, probabilities, 1);
		}
		double sum = 0;
		for (int k = 0; k < classCount; k++) {
			sum += auc(classes, probabilities, k);
		}
		return sum / classCount;
	}

	/** The Mann-Whitney statistic of class {@code k}'s scores, ties counted half. */
	private static double auc(int[] classes, double[][] probabilities, int k) {
		int n = classes.length;
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(probabilities[a][k], probabilities[b][k]));
		double rankSum = 0;
		long positives = 0;
		int i = 0;
		while (i < n) {
			int j = i;
			while (j + 1 < n && probabilities[order[j + 1]][k] == probabilities[order[i]][k]) {
				j++;
			}
			double rank = (i + j) / 2.0 + 1;
			for (int t = i; t <= j; t++) {
				if (classes[order[t]] == k) {
					rankSum += rank;
					positives++;
				}
			}
			i = j + 1;
		}
		long negatives = n - positives;
		if (positives == 0 || negatives == 0) {
			return Double.NaN;
		}
		return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
	}

	/** Regression metrics. */
	static Map<Metric, Double> regression(double[] targets, double[] predictions) {
		int n = targets.length;
		double mean = Arrays.stream(targets).average().orElse(0);
		double squares = 0;
		double absolute = 0;
		double total = 0;
		for (int i = 0; i < n; i++) {
			double error = targets[i] - predictions[i];
			squares += error * error;
			absolute += Math.abs(error);
			total += (targets[i] - mean) * (targets[i] - mean);
		}
		var metrics = new LinkedHashMap<Metric, Double>();
		metrics.put(Metric.RMSE, Math.sqrt(squares / n));
		metrics.put(Metric.MAE, absolute / n);
		metrics.put(Metric.R2, (total == 0) ? 0.0 : 1 - squares / total);
		return metrics;
	}

}
