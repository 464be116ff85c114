package io.modelhost.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A batch to predict, already checked against the model's {@link ModelSignature}.
 */
public sealed interface ModelInput permits ModelInput.Rows, ModelInput.Tensors {

	/** How many rows or examples the batch holds. */
	int batchSize();

	/**
	 * Rows for a {@link TabularSignature}: each row holds one value per feature, in the
	 * signature's order. A value is a {@code Double} for numeric features, a
	 * {@code String} or {@code Boolean} otherwise, or {@code null} when missing.
	 *
	 * @param rows the rows
	 */
	record Rows(List<@Nullable Object[]> rows) implements ModelInput {

		public Rows {
			rows = List.copyOf(rows);
		}

		@Override
		public int batchSize() {
			return this.rows.size();
		}

	}

	/**
	 * Tensors for a {@link TensorSignature}, one per model input, each with the batch as
	 * its first dimension.
	 *
	 * @param tensors the tensors by input name
	 */
	record Tensors(Map<String, Tensor> tensors) implements ModelInput {

		public Tensors {
			tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
			if (tensors.isEmpty()) {
				throw new IllegalArgumentException("tensors must not be empty");
			}
		}

		@Override
		public int batchSize() {
			Tensor first = this.tensors.values().iterator().next();
			return first.shape().isEmpty() ? 1 : first.shape().getFirst().intValue();
		}

	}

}
