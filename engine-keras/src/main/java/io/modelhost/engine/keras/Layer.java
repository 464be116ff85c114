package io.modelhost.engine.keras;

import java.util.List;

/**
 * One Keras layer, ready to run: its configuration and weights are fixed at load time and
 * never change, so a layer may be applied from many threads at once.
 *
 * <p>
 * Shapes passed to {@link #outputShape} leave out the batch dimension and hold {@code -1}
 * where a size is only known at prediction time (such as the number of time steps).
 * Arrays passed to {@link #apply} have the batch first.
 */
interface Layer {

	/**
	 * The shape this layer gives for inputs of the given shapes.
	 * @throws IllegalArgumentException if the layer cannot take such inputs
	 */
	int[] outputShape(List<int[]> inputs);

	/**
	 * Runs the layer on a batch.
	 * @throws IllegalArgumentException if an input has a shape the layer cannot take
	 */
	NdArray apply(List<NdArray> inputs);

	/** A layer of exactly one input. */
	interface Unary extends Layer {

		/** The shape this layer gives for an input of the given shape. */
		int[] outputShape(int[] input);

		/** Runs the layer on one batch. */
		NdArray apply(NdArray input);

		@Override
		default int[] outputShape(List<int[]> inputs) {
			if (inputs.size() != 1) {
				throw new IllegalArgumentException("takes one input but is given " + inputs.size());
			}
			return outputShape(inputs.getFirst());
		}

		@Override
		default NdArray apply(List<NdArray> inputs) {
			return apply(inputs.getFirst());
		}

	}

	/** A layer that changes nothing at inference, such as dropout. */
	record Identity() implements Unary {

		@Override
		public int[] outputShape(int[] input) {
			return input;
		}

		@Override
		public NdArray apply(NdArray input) {
			return input;
		}

	}

}
