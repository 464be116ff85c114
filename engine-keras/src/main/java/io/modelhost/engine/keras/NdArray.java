package io.modelhost.engine.keras;

import java.util.Arrays;

/**
 * A dense n-dimensional array of doubles in row-major order, batch dimension first.
 *
 * <p>
 * Layers never change an array they are given: each call allocates its own output, so
 * predictions running at the same time share nothing but the immutable weights.
 *
 * @param shape the dimensions, all >= 0, the first one the batch
 * @param data the elements; its length is the product of {@code shape}
 */
record NdArray(int[] shape, double[] data) {

	/** The most elements one array may hold: what a Java array can. */
	static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

	NdArray {
		long count = elements(shape);
		if (count != data.length) {
			throw new IllegalArgumentException(
					"shape " + Arrays.toString(shape) + " needs " + count + " elements but got " + data.length);
		}
	}

	/** A zero-filled array. */
	static NdArray zeros(int... shape) {
		return new NdArray(shape.clone(), new double[(int) elements(shape)]);
	}

	/**
	 * The element count of a shape.
	 * @throws IllegalArgumentException if a dimension is negative or the count is more
	 * than {@link #MAX_ELEMENTS}
	 */
	static long elements(int... shape) {
		long count = 1;
		for (int dimension : shape) {
			if (dimension < 0) {
				throw new IllegalArgumentException("dimensions must be >= 0 but shape is " + Arrays.toString(shape));
			}
			count = Math.multiplyExact(count, dimension);
			if (count > MAX_ELEMENTS) {
				throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
			}
		}
		return count;
	}

	/** The number of examples in the batch. */
	int batch() {
		return this.shape[0];
	}

	/** The number of dimensions, batch included. */
	int rank() {
		return this.shape.length;
	}

	/** The size of the last dimension. */
	int last() {
		return this.shape[this.shape.length - 1];
	}

	/** The dimensions without the batch. */
	int[] exampleShape() {
		return Arrays.copyOfRange(this.shape, 1, this.shape.length);
	}

	/** The same elements under another shape with as many elements. */
	NdArray reshape(int... newShape) {
		return new NdArray(newShape, this.data);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NdArray that && Arrays.equals(this.shape, that.shape)
				&& Arrays.equals(this.data, that.data);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.shape) + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return "NdArray" + Arrays.toString(this.shape);
	}

}
