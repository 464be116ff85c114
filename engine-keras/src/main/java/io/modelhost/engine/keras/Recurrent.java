package io.modelhost.engine.keras;

/**
 * {@code SimpleRNN}, {@code LSTM} and {@code GRU}: a {@link Cell} run over the time axis
 * of {@code [steps, features]} examples, from zero state (stateless).
 *
 * @param cell the cell
 * @param returnSequences give the output of every step, not only the last
 * @param goBackwards read the sequence from its end; the outputs then come in that
 * (reversed) order, as in Keras
 */
record Recurrent(Cell cell, boolean returnSequences, boolean goBackwards) implements Layer.Unary {

	static Recurrent of(LayerConfig config, LayerWeights weights) {
		return of(config, weights, config.flag("go_backwards", false));
	}

	/** The layer with the given direction, for the backward half of a Bidirectional. */
	static Recurrent of(LayerConfig config, LayerWeights weights, boolean goBackwards) {
		config.refuse(config.flag("return_state", false), "return_state=True");
		config.refuse(config.flag("stateful", false), "a stateful recurrent layer");
		config.refuse(config.flag("time_major", false), "time_major=True");
		Cell cell = switch (config.className()) {
			case "SimpleRNN" -> SimpleRnnCell.of(config, weights);
			case "LSTM", "CuDNNLSTM" -> LstmCell.of(config, weights);
			case "GRU", "CuDNNGRU" -> GruCell.of(config, weights);
			default -> throw config.unsupported("this recurrent layer is not supported", null);
		};
		return new Recurrent(cell, config.flag("return_sequences", false), goBackwards);
	}

	@Override
	public int[] outputShape(int[] input) {
		Shapes.requireRank(input, 2);
		Shapes.requireLast(input, this.cell.inputSize());
		return this.returnSequences ? new int[] { input[0], this.cell.units() } : new int[] { this.cell.units() };
	}

	@Override
	public NdArray apply(NdArray input) {
		int[] example = input.exampleShape();
		outputShape(example);
		int steps = example[0];
		int features = example[1];
		int units = this.cell.units();
		int batch = input.batch();
		double[] out = new double[Math.toIntExact(NdArray.elements(batch, this.returnSequences ? steps : 1, units))];
		for (int b = 0; b < batch; b++) {
			double[][] state = this.cell.initialState();
			for (int s = 0; s < steps; s++) {
				int t = this.goBackwards ? steps - 1 - s : s;
				this.cell.step(input.data(), (b * steps + t) * features, state);
				if (this.returnSequences) {
					System.arraycopy(state[0], 0, out, (b * steps + s) * units, units);
				}
			}
			if (!this.returnSequences) {
				System.arraycopy(state[0], 0, out, b * units, units);
			}
		}
		int[] shape = this.returnSequences ? new int[] { batch, steps, units } : new int[] { batch, units };
		return new NdArray(shape, out);
	}

}
