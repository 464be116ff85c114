package io.modelhost.engine.keras;

import org.jspecify.annotations.Nullable;

/**
 * {@code Dense}: {@code activation(x · kernel + bias)} over the last axis, so it also
 * applies to every time step of a sequence, as Keras does.
 *
 * @param inputs the size of the last input axis
 * @param units the size of the last output axis
 * @param kernel {@code inputs × units}, row-major
 * @param bias {@code units} values, or null without bias
 * @param activation applied to the result
 */
record Dense(int inputs, int units, double[] kernel, double @Nullable [] bias,
		Activation activation) implements Layer.Unary {

	static Dense of(LayerConfig config, LayerWeights weights) {
		int units = config.integer("units");
		NdArray kernel = weights.require("kernel", -1, units);
		NdArray bias = config.flag("use_bias", true) ? weights.require("bias", units) : null;
		return new Dense(kernel.shape()[0], units, kernel.data(), (bias != null) ? bias.data() : null,
				config.activation("activation"));
	}

	@Override
	public int[] outputShape(int[] input) {
		Shapes.requireLast(input, this.inputs);
		int[] output = input.clone();
		output[output.length - 1] = this.units;
		return output;
	}

	@Override
	public NdArray apply(NdArray input) {
		Shapes.requireLast(input.shape(), this.inputs);
		int rows = input.data().length / this.inputs;
		int[] shape = input.shape().clone();
		shape[shape.length - 1] = this.units;
		double[] out = new double[rows * this.units];
		double[] x = input.data();
		for (int r = 0; r < rows; r++) {
			int o = r * this.units;
			if (this.bias != null) {
				System.arraycopy(this.bias, 0, out, o, this.units);
			}
			for (int i = 0; i < this.inputs; i++) {
				double value = x[r * this.inputs + i];
				if (value != 0) {
					int k = i * this.units;
					for (int u = 0; u < this.units; u++) {
						out[o + u] += value * this.kernel[k + u];
					}
				}
			}
		}
		this.activation.applyInPlace(out, this.units);
		return new NdArray(shape, out);
	}

}
