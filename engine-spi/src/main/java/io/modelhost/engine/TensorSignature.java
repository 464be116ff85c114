package io.modelhost.engine;

import java.util.HashSet;
import java.util.List;

/**
 * The signature of a model over named tensors, such as an ONNX graph.
 *
 * @param inputs the tensors the model takes, in the model's order
 * @param outputs the tensors it gives, in the model's order
 */
public record TensorSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) implements ModelSignature {

	public TensorSignature {
		inputs = List.copyOf(inputs);
		outputs = List.copyOf(outputs);
		if (inputs.isEmpty() || outputs.isEmpty()) {
			throw new IllegalArgumentException("a tensor signature needs at least one input and one output");
		}
		requireUniqueNames(inputs);
		requireUniqueNames(outputs);
	}

	private static void requireUniqueNames(List<TensorSpec> specs) {
		var names = new HashSet<String>();
		for (TensorSpec spec : specs) {
			if (!names.add(spec.name())) {
				throw new IllegalArgumentException("duplicate tensor name '" + spec.name() + "'");
			}
		}
	}

	/**
	 * One named tensor.
	 *
	 * @param name its name in the model
	 * @param type its element type
	 * @param shape its dimensions, {@code -1} where any size is allowed; the first
	 * dimension is the batch dimension when it is {@code -1}
	 */
	public record TensorSpec(String name, DataType type, List<Long> shape) {

		public TensorSpec {
			shape = List.copyOf(shape);
			for (long dimension : shape) {
				if (dimension < -1) {
					throw new IllegalArgumentException("dimensions must be >= -1 but " + name + " has " + shape);
				}
			}
		}

		/** Whether the first dimension is a variable batch dimension. */
		public boolean isBatched() {
			return !this.shape.isEmpty() && this.shape.getFirst() == -1;
		}

	}

}
