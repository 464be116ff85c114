package io.modelhost.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a model answered for a batch.
 */
public sealed interface Prediction permits Prediction.Values, Prediction.Tensors {

	/**
	 * The answer of a tabular model.
	 *
	 * @param values one predicted label or value per row
	 * @param probabilities one array per row, in the order of the target's classes; null
	 * when the model gives none
	 */
	record Values(List<@Nullable Object> values, @Nullable List<double[]> probabilities) implements Prediction {

		public Values {
			values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
			if (probabilities != null) {
				probabilities = List.copyOf(probabilities);
				if (probabilities.size() != values.size()) {
					throw new IllegalArgumentException(
							"probabilities for " + probabilities.size() + " rows but values for " + values.size());
				}
			}
		}

	}

	/**
	 * The answer of a tensor model: each output with the batch as its first dimension.
	 *
	 * @param outputs the tensors by output name, in the signature's order
	 */
	record Tensors(Map<String, Tensor> outputs) implements Prediction {

		public Tensors {
			outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
		}

	}

}
