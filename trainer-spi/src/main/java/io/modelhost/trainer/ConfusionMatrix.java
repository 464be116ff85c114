package io.modelhost.trainer;

import java.util.List;

/**
 * Counts of out-of-fold predictions by true and predicted label.
 *
 * @param labels the class labels, in the order of rows and columns
 * @param counts {@code counts[t][p]}: rows of true label {@code t} predicted as {@code p}
 */
public record ConfusionMatrix(List<String> labels, long[][] counts) {

	public ConfusionMatrix {
		labels = List.copyOf(labels);
		if (counts.length != labels.size()) {
			throw new IllegalArgumentException(
					"counts has " + counts.length + " rows for " + labels.size() + " labels");
		}
		long[][] copy = new long[counts.length][];
		for (int i = 0; i < counts.length; i++) {
			if (counts[i].length != labels.size()) {
				throw new IllegalArgumentException(
						"counts row " + i + " has " + counts[i].length + " columns for " + labels.size() + " labels");
			}
			copy[i] = counts[i].clone();
		}
		counts = copy;
	}

	/** The count of rows of one true label predicted as another. */
	public long count(String actual, String predicted) {
		return this.counts[index(actual)][index(predicted)];
	}

	private int index(String label) {
		int index = this.labels.indexOf(label);
		if (index < 0) {
			throw new IllegalArgumentException("unknown label '" + label + "'");
		}
		return index;
	}

}
