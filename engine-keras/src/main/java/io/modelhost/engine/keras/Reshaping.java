package io.modelhost.engine.keras;

import java.util.Arrays;

/**
 * The layers that move elements without computing: {@code Flatten}, {@code Reshape},
 * {@code Permute} and {@code RepeatVector}.
 */
final class Reshaping {

	private Reshaping() {
	}

	/** {@code Flatten}: every example to one axis (channels_last order). */
	record Flatten() implements Layer.Unary {

		@Override
		public int[] outputShape(int[] input) {
			return new int[] { Shapes.product(input) };
		}

		@Override
		public NdArray apply(NdArray input) {
			return input.reshape(input.batch(), input.data().length / Math.max(1, input.batch()));
		}

	}

	/**
	 * {@code Reshape}: every example to {@code target}, which may hold one {@code -1}.
	 *
	 * @param target the shape of an example
	 */
	record Reshape(int[] target) implements Layer.Unary {

		static Reshape of(LayerConfig config) {
			JsonShape shape = JsonShape.of(config, "target_shape");
			if (Arrays.stream(shape.dimensions()).filter((d) -> d == -1).count() > 1) {
				throw config.invalid("target_shape may hold at most one unknown dimension");
			}
			return new Reshape(shape.dimensions());
		}

		@Override
		public int[] outputShape(int[] input) {
			int size = Shapes.product(input);
			return (size < 0) ? this.target.clone() : resolve(size);
		}

		@Override
		public NdArray apply(NdArray input) {
			int size = input.data().length / Math.max(1, input.batch());
			return input.reshape(Shapes.withBatch(input.batch(), resolve(size)));
		}

		private int[] resolve(int size) {
			int[] shape = this.target.clone();
			int known = 1;
			int unknown = -1;
			for (int i = 0; i < shape.length; i++) {
				if (shape[i] == -1) {
					unknown = i;
				}
				else {
					known *= shape[i];
				}
			}
			if (unknown >= 0 && known > 0 && size % known == 0) {
				shape[unknown] = size / known;
				known = size;
			}
			if (known != size) {
				throw new IllegalArgumentException(
						"cannot reshape " + size + " elements to " + Shapes.text(this.target));
			}
			return shape;
		}

	}

	/**
	 * {@code Permute}: reorders the axes of every example.
	 *
	 * @param order for each output axis, the input axis it takes (0-based, batch left
	 * out)
	 */
	record Permute(int[] order) implements Layer.Unary {

		static Permute of(LayerConfig config) {
			JsonShape dims = JsonShape.of(config, "dims");
			int[] order = new int[dims.dimensions().length];
			boolean[] seen = new boolean[order.length];
			for (int i = 0; i < order.length; i++) {
				order[i] = dims.dimensions()[i] - 1;
				if (order[i] < 0 || order[i] >= order.length || seen[order[i]]) {
					throw config.invalid("dims " + Arrays.toString(dims.dimensions()) + " is not a permutation");
				}
				seen[order[i]] = true;
			}
			return new Permute(order);
		}

		@Override
		public int[] outputShape(int[] input) {
			Shapes.requireRank(input, this.order.length);
			int[] output = new int[input.length];
			for (int i = 0; i < output.length; i++) {
				output[i] = input[this.order[i]];
			}
			return output;
		}

		@Override
		public NdArray apply(NdArray input) {
			int[] in = input.exampleShape();
			int[] out = outputShape(in);
			int[] inStrides = strides(in);
			int size = input.data().length / Math.max(1, input.batch());
			double[] result = new double[input.data().length];
			int[] index = new int[out.length];
			for (int b = 0; b < input.batch(); b++) {
				Arrays.fill(index, 0);
				for (int o = 0; o < size; o++) {
					int source = 0;
					for (int axis = 0; axis < out.length; axis++) {
						source += index[axis] * inStrides[this.order[axis]];
					}
					result[b * size + o] = input.data()[b * size + source];
					for (int axis = out.length - 1; axis >= 0 && ++index[axis] == out[axis]; axis--) {
						index[axis] = 0;
					}
				}
			}
			return new NdArray(Shapes.withBatch(input.batch(), out), result);
		}

		private static int[] strides(int[] shape) {
			int[] strides = new int[shape.length];
			int stride = 1;
			for (int i = shape.length - 1; i >= 0; i--) {
				strides[i] = stride;
				stride *= shape[i];
			}
			return strides;
		}

	}

	/**
	 * {@code RepeatVector}: a vector to {@code n} copies of itself.
	 *
	 * @param times how many copies
	 */
	record RepeatVector(int times) implements Layer.Unary {

		@Override
		public int[] outputShape(int[] input) {
			Shapes.requireRank(input, 1);
			return new int[] { this.times, input[0] };
		}

		@Override
		public NdArray apply(NdArray input) {
			int features = input.last();
			double[] out = new double[Math.toIntExact(NdArray.elements(input.batch(), this.times, features))];
			for (int b = 0; b < input.batch(); b++) {
				for (int t = 0; t < this.times; t++) {
					System.arraycopy(input.data(), b * features, out, (b * this.times + t) * features, features);
				}
			}
			return new NdArray(new int[] { input.batch(), this.times, features }, out);
		}

	}

}
