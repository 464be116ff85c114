package io.modelhost.batch.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.datasets.TabularRow;
import org.jspecify.annotations.Nullable;

/**
 * Consecutive rows of a dataset on their way through the model: each row's input, or the
 * reason it was refused, then each answered row's prediction. Filled by the job's thread,
 * scored on a pool thread, written back by the job's thread (the future between them
 * orders the writes).
 */
final class Chunk {

	private final long first;

	private final List<TabularRow> rows;

	private final List<@Nullable Object @Nullable []> inputs;

	private final List<@Nullable String> errors;

	private final @Nullable Object[] predictions;

	private final double[][] probabilities;

	/**
	 * @param first the number of its first row, from 1
	 * @param capacity the most rows it takes
	 */
	Chunk(long first, int capacity) {
		this.first = first;
		this.rows = new ArrayList<>(capacity);
		this.inputs = new ArrayList<>(capacity);
		this.errors = new ArrayList<>(capacity);
		this.predictions = new Object[capacity];
		this.probabilities = new double[capacity][];
	}

	void add(TabularRow row, @Nullable Object @Nullable [] input, @Nullable String error) {
		this.rows.add(row);
		this.inputs.add(input);
		this.errors.add((input != null) ? null : error);
	}

	long first() {
		return this.first;
	}

	int size() {
		return this.rows.size();
	}

	TabularRow row(int index) {
		return this.rows.get(index);
	}

	@Nullable Object @Nullable [] input(int index) {
		return this.inputs.get(index);
	}

	/** Why the row was refused, or null if it was not. */
	@Nullable String error(int index) {
		return this.errors.get(index);
	}

	void fail(int index, String error) {
		this.errors.set(index, error);
	}

	void answer(int index, @Nullable Object prediction, double @Nullable [] probabilities) {
		this.predictions[index] = prediction;
		this.probabilities[index] = probabilities;
	}

	@Nullable Object prediction(int index) {
		return this.predictions[index];
	}

	double @Nullable [] probabilities(int index) {
		return this.probabilities[index];
	}

}
