package io.modelhost.engine.keras;

import java.util.Arrays;
import java.util.List;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import org.jspecify.annotations.Nullable;

/**
 * The weights stored for one layer, found by the last part of their Keras names
 * ({@code dense_1/kernel:0} is {@code kernel}).
 *
 * @param owner the layer in words, for messages
 * @param weights the weights in the order the file lists them
 */
record LayerWeights(String owner, List<Weight> weights) {

	LayerWeights {
		weights = List.copyOf(weights);
	}

	/** No weights at all. */
	static LayerWeights none(String owner) {
		return new LayerWeights(owner, List.of());
	}

	/**
	 * The weight with the given short name and shape ({@code -1} matches any size).
	 * @throws ModelRejectedException if it is missing, ambiguous or of another shape
	 */
	NdArray require(String shortName, int... shape) {
		NdArray found = optional(shortName, shape);
		if (found == null) {
			throw invalid("has no weight '" + shortName + "'");
		}
		return found;
	}

	/** The weight with the given short name and shape, or null if there is none. */
	@Nullable NdArray optional(String shortName, int... shape) {
		List<Weight> matches = this.weights.stream().filter((weight) -> weight.shortName().equals(shortName)).toList();
		if (matches.isEmpty()) {
			return null;
		}
		if (matches.size() > 1) {
			throw invalid("holds " + matches.size() + " weights named '" + shortName + "'");
		}
		Weight weight = matches.getFirst();
		if (!Shapes.compatible(weight.shape(), shape)) {
			throw invalid("has weight '" + shortName + "' of shape " + Shapes.text(weight.shape()) + " where "
					+ Shapes.text(shape) + " is expected");
		}
		return new NdArray(weight.shape(), weight.data());
	}

	/**
	 * The weights of one layer inside a nested model or wrapper: those whose name has
	 * {@code layerName} as one of its parts.
	 */
	LayerWeights forLayer(String layerName, String innerOwner) {
		return new LayerWeights(innerOwner,
				this.weights.stream().filter((weight) -> weight.scopes().contains(layerName)).toList());
	}

	/**
	 * The weights whose name has a part starting with {@code prefix}, such as the
	 * {@code forward_lstm_1} half of a {@code Bidirectional}.
	 */
	LayerWeights withScopePrefix(String prefix) {
		return new LayerWeights(this.owner,
				this.weights.stream()
					.filter((weight) -> weight.scopes().stream().anyMatch((scope) -> scope.startsWith(prefix)))
					.toList());
	}

	/** The number of weights. */
	int size() {
		return this.weights.size();
	}

	private ModelRejectedException invalid(String detail) {
		return ModelRejectedException.invalid(Phase.LOAD, this.owner + " " + detail,
				"Check that the file loads in Keras with keras.models.load_model", null);
	}

	/**
	 * One stored weight.
	 *
	 * @param name its Keras name, e.g. {@code lstm_1/recurrent_kernel:0}
	 * @param shape its dimensions
	 * @param data its elements, row-major
	 */
	record Weight(String name, int[] shape, double[] data) {

		/** The last part of the name without its {@code :0} suffix. */
		String shortName() {
			String last = this.name.substring(this.name.lastIndexOf('/') + 1);
			int colon = last.lastIndexOf(':');
			return (colon < 0) ? last : last.substring(0, colon);
		}

		/** The parts of the name before the last. */
		List<String> scopes() {
			String[] parts = this.name.split("/");
			return Arrays.asList(parts).subList(0, parts.length - 1);
		}

	}

}
