package io.modelhost.trainer.images;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.trainer.ConfusionMatrix;

/**
 * How well predicted class probabilities match the true classes of some pictures.
 *
 * @param loss mean cross-entropy, {@code -ln p(true class)}, probabilities clipped at
 * 1e-15
 * @param accuracy the share of pictures whose most probable class is the true one
 * @param macroF1 the unweighted mean of each class's F1 score (0 for a class never
 * predicted nor present)
 * @param counts {@code counts[true][predicted]}
 */
record Evaluation(double loss, double accuracy, double macroF1, long[][] counts) {

	private static final double CLIP = 1e-15;

	/**
	 * Scores {@code probabilities[i]} (one row per picture, one column per class) against
	 * {@code labels[indexes[i]]}.
	 */
	static Evaluation of(float[][] probabilities, int[] labels, int[] indexes, int classes) {
		if (probabilities.length != indexes.length) {
			throw new IllegalArgumentException(
					probabilities.length + " predictions for " + indexes.length + " pictures");
		}
		long[][] counts = new long[classes][classes];
		double loss = 0;
		long right = 0;
		for (int i = 0; i < indexes.length; i++) {
			int actual = labels[indexes[i]];
			int predicted = argmax(probabilities[i]);
			counts[actual][predicted]++;
			if (actual == predicted) {
				right++;
			}
			loss -= Math.log(Math.max(probabilities[i][actual], CLIP));
		}
		int n = Math.max(indexes.length, 1);
		return new Evaluation(loss / n, (double) right / n, macroF1(counts), counts);
	}

	static int argmax(float[] scores) {
		int best = 0;
		for (int i = 1; i < scores.length; i++) {
			if (scores[i] > scores[best]) {
				best = i;
			}
		}
		return best;
	}

	private static double macroF1(long[][] counts) {
		double sum = 0;
		for (int c = 0; c < counts.length; c++) {
			long truePositives = counts[c][c];
			long actual = 0;
			long predicted = 0;
			for (int other = 0; other < counts.length; other++) {
				actual += counts[c][other];
				predicted += counts[other][c];
			}
			long denominator = actual + predicted;
			sum += (denominator == 0) ? 0 : 2.0 * truePositives / denominator;
		}
		return sum / counts.length;
	}

	/**
	 * As the result reports test metrics: {@code accuracy}, {@code loss},
	 * {@code macro_f1}.
	 */
	Map<String, Double> metrics() {
		var metrics = new LinkedHashMap<String, Double>();
		metrics.put("accuracy", this.accuracy);
		metrics.put("loss", this.loss);
		metrics.put("macro_f1", this.macroF1);
		return metrics;
	}

	ConfusionMatrix confusionMatrix(List<String> classes) {
		return new ConfusionMatrix(classes, this.counts);
	}

}
