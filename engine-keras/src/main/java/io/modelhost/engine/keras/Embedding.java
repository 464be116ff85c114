package io.modelhost.engine.keras;

/**
 * {@code Embedding}: each input value is a row index into the embedding matrix; an
 * example of shape {@code [n...]} becomes {@code [n..., dimensions]}. Inputs must be
 * whole numbers in {@code [0, rows)}.
 *
 * @param rows the vocabulary size ({@code input_dim})
 * @param dimensions the vector size ({@code output_dim})
 * @param matrix {@code rows × dimensions}
 */
record Embedding(int rows, int dimensions, double[] matrix) implements Layer.Unary {

	static Embedding of(LayerConfig config, LayerWeights weights) {
		// a mask changes what later layers compute, and masking is not interpreted here
		config.refuse(config.flag("mask_zero", false), "mask_zero=True (masking)");
		int rows = config.integer("input_dim");
		int dimensions = config.integer("output_dim");
		return new Embedding(rows, dimensions, weights.require("embeddings", rows, dimensions).data());
	}

	@Override
	public int[] outputShape(int[] input) {
		int[] output = java.util.Arrays.copyOf(input, input.length + 1);
		output[input.length] = this.dimensions;
		return output;
	}

	@Override
	public NdArray apply(NdArray input) {
		double[] x = input.data();
		double[] out = new double[Math.toIntExact(NdArray.elements(x.length, this.dimensions))];
		for (int i = 0; i < x.length; i++) {
			double value = x[i];
			if (value != Math.rint(value) || value < 0 || value >= this.rows) {
				throw new IllegalArgumentException(
						"embedding indices must be whole numbers from 0 to " + (this.rows - 1) + " but got " + value);
			}
			System.arraycopy(this.matrix, (int) value * this.dimensions, out, i * this.dimensions, this.dimensions);
		}
		int[] shape = java.util.Arrays.copyOf(input.shape(), input.rank() + 1);
		shape[input.rank()] = this.dimensions;
		return new NdArray(shape, out);
	}

}
