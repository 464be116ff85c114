package io.modelhost.engine.keras;

import java.util.Arrays;

/**
 * {@code TimeDistributed}: the wrapped layer applied to every time step on its own, by
 * folding the time axis into the batch.
 *
 * @param inner the wrapped layer
 */
record TimeDistributed(Layer.Unary inner) implements Layer.Unary {

	@Override
	public int[] outputShape(int[] input) {
		if (input.length < 2) {
			throw new IllegalArgumentException("expects steps and features but got shape " + Shapes.text(input));
		}
		int[] step = this.inner.outputShape(Arrays.copyOfRange(input, 1, input.length));
		return Shapes.withBatch(input[0], step);
	}

	@Override
	public NdArray apply(NdArray input) {
		int batch = input.batch();
		int steps = input.shape()[1];
		int[] folded = Arrays.copyOfRange(input.shape(), 1, input.rank());
		folded[0] = batch * steps;
		NdArray out = this.inner.apply(input.reshape(folded));
		int[] shape = new int[out.rank() + 1];
		shape[0] = batch;
		shape[1] = steps;
		System.arraycopy(out.shape(), 1, shape, 2, out.rank() - 1);
		return out.reshape(shape);
	}

}
