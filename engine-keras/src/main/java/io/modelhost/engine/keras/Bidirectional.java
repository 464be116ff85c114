package io.modelhost.engine.keras;

import io.modelhost.engine.keras.Merge.Operation;

/**
 * {@code Bidirectional}: the wrapped recurrent layer read forwards and backwards, the
 * backward outputs put back in time order, and both merged.
 *
 * @param forward the forward layer
 * @param backward the backward layer
 * @param merge how the two outputs become one: concatenated on the last axis or combined
 * element by element
 * @param concatenate whether to concatenate (then {@code merge} is unused)
 */
record Bidirectional(Recurrent forward, Recurrent backward, Operation merge,
		boolean concatenate) implements Layer.Unary {

	static Bidirectional of(LayerConfig config, LayerWeights weights) {
		LayerConfig inner = LayerConfig.of(config.config().path("layer"));
		String mode = config.text("merge_mode", "");
		boolean concatenate = mode.equals("concat");
		Operation merge = switch (mode) {
			case "concat", "sum" -> Operation.ADD;
			case "mul" -> Operation.MULTIPLY;
			case "ave" -> Operation.AVERAGE;
			default -> throw config.unsupported("merge_mode " + (mode.isEmpty() ? "None" : "'" + mode + "'")
					+ " (two separate outputs) is not supported", null);
		};
		LayerWeights forwardWeights = weights.withScopePrefix("forward_");
		LayerWeights backwardWeights = weights.withScopePrefix("backward_");
		if (forwardWeights.size() == 0 && backwardWeights.size() == 0 && weights.size() % 2 == 0) {
			// Keras writes the forward weights first, then the backward ones
			int half = weights.size() / 2;
			forwardWeights = new LayerWeights(weights.owner(), weights.weights().subList(0, half));
			backwardWeights = new LayerWeights(weights.owner(), weights.weights().subList(half, weights.size()));
		}
		boolean backwards = inner.flag("go_backwards", false);
		Recurrent forward = Recurrent.of(inner, forwardWeights, backwards);
		LayerConfig backwardConfig = config.config().path("backward_layer").isObject()
				? LayerConfig.of(config.config().path("backward_layer")) : inner;
		Recurrent backward = Recurrent.of(backwardConfig, backwardWeights,
				(backwardConfig == inner) ? !backwards : backwardConfig.flag("go_backwards", true));
		return new Bidirectional(forward, backward, merge, concatenate);
	}

	@Override
	public int[] outputShape(int[] input) {
		int[] forwardShape = this.forward.outputShape(input);
		int[] backwardShape = this.backward.outputShape(input);
		if (!this.concatenate) {
			return forwardShape;
		}
		int[] shape = forwardShape.clone();
		shape[shape.length - 1] += backwardShape[backwardShape.length - 1];
		return shape;
	}

	@Override
	public NdArray apply(NdArray input) {
		NdArray forwardOut = this.forward.apply(input);
		NdArray backwardOut = this.backward.apply(input);
		if (this.forward.returnSequences()) {
			backwardOut = reverseTime(backwardOut);
		}
		if (this.concatenate) {
			return Merge.concatenate(java.util.List.of(forwardOut, backwardOut), forwardOut.rank() - 1);
		}
		return this.merge.apply(java.util.List.of(forwardOut, backwardOut));
	}

	private static NdArray reverseTime(NdArray sequence) {
		int batch = sequence.batch();
		int steps = sequence.shape()[1];
		int units = sequence.shape()[2];
		double[] out = new double[sequence.data().length];
		for (int b = 0; b < batch; b++) {
			for (int t = 0; t < steps; t++) {
				System.arraycopy(sequence.data(), (b * steps + t) * units, out, (b * steps + steps - 1 - t) * units,
						units);
			}
		}
		return new NdArray(sequence.shape(), out);
	}

}
