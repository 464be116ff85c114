package io.modelhost.engine.keras;

import org.jspecify.annotations.Nullable;

/**
 * {@code GRU}, with Keras' gate order update (z), reset (r), candidate (h) in every
 * weight, in both of Keras' variants:
 * <ul>
 * <li>{@code reset_after=False} (Keras 2 default): the reset gate scales the state before
 * the recurrent kernel, {@code hh = act(x Wh + bh + (r h) Uh)};</li>
 * <li>{@code reset_after=True} (tf.keras default, cuDNN-compatible): after it, with a
 * separate recurrent bias, {@code hh = act(x Wh + bh + r (h Uh + bh'))}.</li>
 * </ul>
 * Then {@code h = z h + (1 - z) hh}.
 *
 * @param inputSize input features
 * @param units output size
 * @param kernel {@code inputSize × 3 units}
 * @param recurrent {@code units × 3 units}
 * @param inputBias {@code 3 units}, or null
 * @param recurrentBias {@code 3 units} with reset_after and a bias, else null
 * @param resetAfter the variant
 * @param activation for the candidate, usually tanh
 * @param recurrentActivation for the gates
 */
record GruCell(int inputSize, int units, double[] kernel, double[] recurrent, double @Nullable [] inputBias,
		double @Nullable [] recurrentBias, boolean resetAfter, Activation activation,
		Activation recurrentActivation) implements Cell {

	static GruCell of(LayerConfig config, LayerWeights weights) {
		int units = config.integer("units");
		int n = 3 * units;
		boolean resetAfter = config.flag("reset_after", false);
		NdArray kernel = weights.require("kernel", -1, n);
		NdArray recurrent = weights.require("recurrent_kernel", units, n);
		double[] inputBias = null;
		double[] recurrentBias = null;
		if (config.flag("use_bias", true)) {
			NdArray bias = resetAfter ? weights.require("bias", 2, n) : weights.require("bias", n);
			inputBias = java.util.Arrays.copyOfRange(bias.data(), 0, n);
			recurrentBias = resetAfter ? java.util.Arrays.copyOfRange(bias.data(), n, 2 * n) : null;
		}
		Activation recurrentActivation = config.config().path("recurrent_activation").isMissingNode()
				? Activation.HARD_SIGMOID : config.activation("recurrent_activation");
		return new GruCell(kernel.shape()[0], units, kernel.data(), recurrent.data(), inputBias, recurrentBias,
				resetAfter, SimpleRnnCell.activationOf(config, "activation"), recurrentActivation);
	}

	@Override
	public double[][] initialState() {
		return new double[][] { new double[this.units] };
	}

	@Override
	public void step(double[] x, int offset, double[][] state) {
		double[] h = state[0];
		int u3 = 3 * this.units;
		double[] fromInput = (this.inputBias != null) ? this.inputBias.clone() : new double[u3];
		Cell.multiply(x, offset, this.inputSize, this.kernel, u3, fromInput);
		double[] fromState = (this.recurrentBias != null) ? this.recurrentBias.clone() : new double[u3];
		if (this.resetAfter) {
			Cell.multiply(h, 0, this.units, this.recurrent, u3, fromState);
		}
		else {
			// the candidate's recurrent part needs r first: only z and r here
			multiplyColumns(h, 0, 2 * this.units, fromState);
		}
		double[] update = new double[this.units];
		double[] candidate = new double[this.units];
		if (this.resetAfter) {
			for (int u = 0; u < this.units; u++) {
				update[u] = this.recurrentActivation.apply(fromInput[u] + fromState[u]);
				double reset = this.recurrentActivation.apply(fromInput[this.units + u] + fromState[this.units + u]);
				candidate[u] = this.activation
					.apply(fromInput[2 * this.units + u] + reset * fromState[2 * this.units + u]);
			}
		}
		else {
			double[] resetState = new double[this.units];
			for (int u = 0; u < this.units; u++) {
				update[u] = this.recurrentActivation.apply(fromInput[u] + fromState[u]);
				double reset = this.recurrentActivation.apply(fromInput[this.units + u] + fromState[this.units + u]);
				resetState[u] = reset * h[u];
			}
			double[] recurrentCandidate = new double[this.units];
			for (int i = 0; i < this.units; i++) {
				double value = resetState[i];
				int m = i * u3 + 2 * this.units;
				for (int u = 0; u < this.units; u++) {
					recurrentCandidate[u] += value * this.recurrent[m + u];
				}
			}
			for (int u = 0; u < this.units; u++) {
				candidate[u] = this.activation.apply(fromInput[2 * this.units + u] + recurrentCandidate[u]);
			}
		}
		for (int u = 0; u < this.units; u++) {
			h[u] = update[u] * h[u] + (1 - update[u]) * candidate[u];
		}
	}

	/** {@code into[from..to) += h · recurrent[:, from..to)}. */
	private void multiplyColumns(double[] h, int from, int to, double[] into) {
		int u3 = 3 * this.units;
		for (int i = 0; i < this.units; i++) {
			double value = h[i];
			if (value != 0) {
				int m = i * u3;
				for (int j = from; j < to; j++) {
					into[j] += value * this.recurrent[m + j];
				}
			}
		}
	}

}
