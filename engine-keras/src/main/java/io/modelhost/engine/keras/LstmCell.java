package io.modelhost.engine.keras;

import org.jspecify.annotations.Nullable;

/**
 * {@code LSTM}, with Keras' gate order input, forget, cell, output in every weight:
 * {@code z = x · kernel + h · recurrent_kernel + bias}; {@code c = f c + i g};
 * {@code h = o activation(c)}.
 *
 * @param inputSize input features
 * @param units output size
 * @param kernel {@code inputSize × 4 units}
 * @param recurrent {@code units × 4 units}
 * @param bias {@code 4 units}, or null
 * @param activation for the candidate and the output, usually tanh
 * @param recurrentActivation for the gates: hard_sigmoid in Keras 2.0-2.2, sigmoid in
 * tf.keras
 */
record LstmCell(int inputSize, int units, double[] kernel, double[] recurrent, double @Nullable [] bias,
		Activation activation, Activation recurrentActivation) implements Cell {

	static LstmCell of(LayerConfig config, LayerWeights weights) {
		int units = config.integer("units");
		NdArray kernel = weights.require("kernel", -1, 4 * units);
		NdArray recurrent = weights.require("recurrent_kernel", units, 4 * units);
		NdArray bias = config.flag("use_bias", true) ? weights.require("bias", 4 * units) : null;
		Activation recurrentActivation = config.config().path("recurrent_activation").isMissingNode()
				? Activation.HARD_SIGMOID : config.activation("recurrent_activation");
		return new LstmCell(kernel.shape()[0], units, kernel.data(), recurrent.data(),
				(bias != null) ? bias.data() : null, SimpleRnnCell.activationOf(config, "activation"),
				recurrentActivation);
	}

	@Override
	public double[][] initialState() {
		return new double[][] { new double[this.units], new double[this.units] };
	}

	@Override
	public void step(double[] x, int offset, double[][] state) {
		double[] h = state[0];
		double[] c = state[1];
		int n = 4 * this.units;
		double[] z = (this.bias != null) ? this.bias.clone() : new double[n];
		Cell.multiply(x, offset, this.inputSize, this.kernel, n, z);
		Cell.multiply(h, 0, this.units, this.recurrent, n, z);
		for (int u = 0; u < this.units; u++) {
			double input = this.recurrentActivation.apply(z[u]);
			double forget = this.recurrentActivation.apply(z[this.units + u]);
			double candidate = this.activation.apply(z[2 * this.units + u]);
			double output = this.recurrentActivation.apply(z[3 * this.units + u]);
			c[u] = forget * c[u] + input * candidate;
			h[u] = output * this.activation.apply(c[u]);
		}
	}

}
