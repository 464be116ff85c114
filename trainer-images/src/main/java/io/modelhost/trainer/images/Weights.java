package io.modelhost.trainer.images;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

/**
 * A copy, in Java memory, of every parameter of a network's layers (running statistics of
 * batch normalisation included), taken after an epoch to keep the best one. Immutable
 * once taken; safe to read from any thread.
 */
final class Weights {

	private final List<Map<String, Tensor>> layers;

	private Weights(List<Map<String, Tensor>> layers) {
		this.layers = layers;
	}

	/** Copies the parameters of each child of {@code block}, in layer order. */
	static Weights of(SequentialBlock block) {
		var layers = new ArrayList<Map<String, Tensor>>();
		for (Pair<String, Block> child : block.getChildren()) {
			var parameters = new LinkedHashMap<String, Tensor>();
			for (Pair<String, Parameter> parameter : child.getValue().getDirectParameters()) {
				NDArray array = parameter.getValue().getArray();
				parameters.put(parameter.getKey(), new Tensor(array.getShape().getShape(), array.toFloatArray()));
			}
			layers.add(Map.copyOf(parameters));
		}
		return new Weights(List.copyOf(layers));
	}

	/**
	 * Writes these values back into the parameters of {@code block}, the same network.
	 */
	void restore(SequentialBlock block) {
		int index = 0;
		for (Pair<String, Block> child : block.getChildren()) {
			for (Pair<String, Parameter> parameter : child.getValue().getDirectParameters()) {
				parameter.getValue().getArray().set(FloatBuffer.wrap(tensor(index, parameter.getKey()).values()));
			}
			index++;
		}
	}

	/**
	 * One parameter of layer {@code layer}, e.g. {@code weight}, {@code bias},
	 * {@code gamma}, {@code beta}, {@code runningMean}, {@code runningVar}.
	 */
	Tensor tensor(int layer, String name) {
		Tensor tensor = this.layers.get(layer).get(name);
		if (tensor == null) {
			throw new IllegalStateException("layer " + layer + " has no parameter " + name);
		}
		return tensor;
	}

	/** A parameter's shape and its values, row-major. Treat both arrays as read-only. */
	record Tensor(long[] shape, float[] values) {

	}

}
