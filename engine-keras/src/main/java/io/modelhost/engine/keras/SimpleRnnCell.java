package io.modelhost.engine.keras;

import org.jspecify.annotations.Nullable;

/**
 * {@code SimpleRNN}: {@code h = activation(x · kernel + h · recurrent_kernel + bias)}.
 *
 * @param inputSize input features
 * @param units output size
 * @param kernel {@code inputSize × units}
 * @param recurrent {@code units × units}
 * @param bias {@code units}, or null
 * @param activation usually tanh
 */
record SimpleRnnCell(int inputSize, int units, double[] kernel, double[] recurrent, double @Nullable [] bias,
		Activation activation) implements Cell {

	static SimpleRnnCell of(LayerConfig config, LayerWeights weights) {
		int units = config.integer("units");
		NdArray kernel = weights.require("kernel", -1, units);
		NdArray recurrent = weights.require("recurrent_kernel", units, units);
		NdArray bias = config.flag("use_bias", true) ? weights.require("bias", units) : null;
		return new SimpleRnnCell(kernel.shape()[0], units, kernel.data(), recurrent.data(),
				(bias != null) ? bias.data() : null, activationOf(config, "activation"));
	}

	/** Recurrent layers default to tanh when the config names none. */
	static Activation activationOf(LayerConfig config, String key) {
		return config.config().path(key).isMissingNode() ? Activation.TANH : config.activation(key);
	}

	@Override
	public double[][] initialState() {
		return new double[][] { new double[this.units] };
	}

	@Override
	public void step(double[] x, int offset, double[][] state) {
		double[] h = state[0];
		double[] z = (this.bias != null) ? this.bias.clone() : new double[this.units];
		Cell.multiply(x, offset, this.inputSize, this.kernel, this.units, z);
		Cell.multiply(h, 0, this.units, this.recurrent, this.units, z);
		for (int u = 0; u < this.units; u++) {
			h[u] = this.activation.apply(z[u]);
		}
	}

}
