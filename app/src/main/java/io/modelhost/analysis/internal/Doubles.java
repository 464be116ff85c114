package io.modelhost.analysis.internal;

import java.util.Arrays;

/**
 * A growable array of doubles: the few numbers per row an analysis keeps for the figures
 * that need every row at once (ROC AUC, residual percentiles), at 8 bytes each rather
 * than a boxed object's 24.
 */
final class Doubles {

	private double[] values = new double[256];

	private int size;

	void add(double value) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
		}
		this.values[this.size++] = value;
	}

	double get(int index) {
		return this.values[index];
	}

	int size() {
		return this.size;
	}

	/** The values, sorted, in a new array. */
	double[] sorted() {
		double[] copy = Arrays.copyOf(this.values, this.size);
		Arrays.sort(copy);
		return copy;
	}

}
