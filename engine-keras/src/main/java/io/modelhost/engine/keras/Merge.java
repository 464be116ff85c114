package io.modelhost.engine.keras;

import java.util.Arrays;
import java.util.List;

/**
 * The element-wise merge layers of the functional API: {@code Add}, {@code Subtract},
 * {@code Multiply}, {@code Average}, {@code Maximum}, {@code Minimum}. Every input has
 * the same shape.
 *
 * @param operation how elements combine
 */
record Merge(Operation operation) implements Layer {

	static Merge of(LayerConfig config) {
		return new Merge(switch (config.className()) {
			case "Add" -> Operation.ADD;
			case "Subtract" -> Operation.SUBTRACT;
			case "Multiply" -> Operation.MULTIPLY;
			case "Average" -> Operation.AVERAGE;
			case "Maximum" -> Operation.MAXIMUM;
			case "Minimum" -> Operation.MINIMUM;
			default -> throw new IllegalArgumentException("not a merge layer: " + config.className());
		});
	}

	@Override
	public int[] outputShape(List<int[]> inputs) {
		if (inputs.size() < 2 || (this.operation == Operation.SUBTRACT && inputs.size() != 2)) {
			throw new IllegalArgumentException(
					"takes " + ((this.operation == Operation.SUBTRACT) ? "exactly 2" : "at least 2")
							+ " inputs but is given " + inputs.size());
		}
		int[] shape = inputs.getFirst().clone();
		for (int[] other : inputs) {
			if (!Shapes.compatible(shape, other)) {
				throw new IllegalArgumentException("inputs of different shapes " + Shapes.text(shape) + " and "
						+ Shapes.text(other) + " cannot be merged");
			}
			for (int i = 0; i < shape.length; i++) {
				shape[i] = Math.max(shape[i], other[i]);
			}
		}
		return shape;
	}

	@Override
	public NdArray apply(List<NdArray> inputs) {
		return this.operation.apply(inputs);
	}

	/**
	 * Joins inputs along one axis of the full shape (batch included), as
	 * {@code Concatenate} and {@code Bidirectional(merge_mode='concat')} do.
	 */
	static NdArray concatenate(List<NdArray> inputs, int axis) {
		NdArray first = inputs.getFirst();
		int[] shape = first.shape().clone();
		shape[axis] = 0;
		for (NdArray input : inputs) {
			if (input.rank() != first.rank()) {
				throw new IllegalArgumentException("cannot concatenate inputs of different ranks");
			}
			for (int i = 0; i < shape.length; i++) {
				if (i != axis && input.shape()[i] != first.shape()[i]) {
					throw new IllegalArgumentException("cannot concatenate " + Arrays.toString(first.shape()) + " and "
							+ Arrays.toString(input.shape()) + " on axis " + axis);
				}
			}
			shape[axis] += input.shape()[axis];
		}
		int outer = 1;
		for (int i = 0; i < axis; i++) {
			outer *= shape[i];
		}
		double[] out = new double[Math.toIntExact(NdArray.elements(shape))];
		int position = 0;
		for (int o = 0; o < outer; o++) {
			for (NdArray input : inputs) {
				int block = input.data().length / Math.max(1, outer);
				System.arraycopy(input.data(), o * block, out, position, block);
				position += block;
			}
		}
		return new NdArray(shape, out);
	}

	/**
	 * {@code Concatenate}: joins inputs along one axis.
	 *
	 * @param axis the axis as Keras counts it (batch = 0; negative from the end)
	 */
	record Concatenate(int axis) implements Layer {

		@Override
		public int[] outputShape(List<int[]> inputs) {
			if (inputs.size() < 2) {
				throw new IllegalArgumentException("takes at least 2 inputs but is given " + inputs.size());
			}
			int[] shape = inputs.getFirst().clone();
			int axis = exampleAxis(shape.length);
			shape[axis] = 0;
			for (int[] input : inputs) {
				if (input.length != shape.length) {
					throw new IllegalArgumentException("cannot concatenate inputs of different ranks");
				}
				for (int i = 0; i < shape.length; i++) {
					if (i != axis && !Shapes.compatible(new int[] { shape[i] }, new int[] { input[i] })) {
						throw new IllegalArgumentException("cannot concatenate " + Shapes.text(inputs.getFirst())
								+ " and " + Shapes.text(input) + " on axis " + this.axis);
					}
				}
				shape[axis] = (shape[axis] < 0 || input[axis] < 0) ? -1 : shape[axis] + input[axis];
			}
			return shape;
		}

		@Override
		public NdArray apply(List<NdArray> inputs) {
			return concatenate(inputs, exampleAxis(inputs.getFirst().rank() - 1) + 1);
		}

		private int exampleAxis(int exampleRank) {
			int axis = (this.axis < 0) ? exampleRank + this.axis : this.axis - 1;
			if (axis < 0 || axis >= exampleRank) {
				throw new IllegalArgumentException(
						"axis " + this.axis + " is outside inputs of " + exampleRank + " dimensions (batch left out)");
			}
			return axis;
		}

	}

	/** How merged elements combine. */
	enum Operation {

		ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM;

		NdArray apply(List<NdArray> inputs) {
			NdArray first = inputs.getFirst();
			double[] out = first.data().clone();
			for (NdArray input : inputs.subList(1, inputs.size())) {
				if (!Arrays.equals(input.shape(), first.shape())) {
					throw new IllegalArgumentException("cannot merge inputs of shapes " + Arrays.toString(first.shape())
							+ " and " + Arrays.toString(input.shape()));
				}
				double[] x = input.data();
				for (int i = 0; i < out.length; i++) {
					out[i] = switch (this) {
						case ADD, AVERAGE -> out[i] + x[i];
						case SUBTRACT -> out[i] - x[i];
						case MULTIPLY -> out[i] * x[i];
						case MAXIMUM -> Math.max(out[i], x[i]);
						case MINIMUM -> Math.min(out[i], x[i]);
					};
				}
			}
			if (this == AVERAGE) {
				for (int i = 0; i < out.length; i++) {
					out[i] /= inputs.size();
				}
			}
			return new NdArray(first.shape(), out);
		}

	}

}
