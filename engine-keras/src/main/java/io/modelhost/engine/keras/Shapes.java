package io.modelhost.engine.keras;

import java.util.Arrays;

/**
 * Checks on shapes, with messages for the uploader or the caller. Shapes here leave out
 * the batch, or keep it, as the caller says; {@code -1} is a size known only at
 * prediction time and matches anything.
 */
final class Shapes {

	private Shapes() {
	}

	/** Requires the last dimension to be {@code expected} (or unknown). */
	static void requireLast(int[] shape, int expected) {
		if (shape.length == 0) {
			throw new IllegalArgumentException("expects at least one dimension but got a scalar");
		}
		int last = shape[shape.length - 1];
		if (last != expected && last != -1) {
			throw new IllegalArgumentException(
					"expects a last dimension of " + expected + " but got shape " + text(shape));
		}
	}

	/** Requires a shape of exactly {@code rank} dimensions. */
	static void requireRank(int[] shape, int rank) {
		if (shape.length != rank) {
			throw new IllegalArgumentException(
					"expects " + rank + " dimensions but got " + shape.length + " in shape " + text(shape));
		}
	}

	/** The product of the dimensions, or -1 if one is unknown. */
	static int product(int[] shape) {
		long product = 1;
		for (int dimension : shape) {
			if (dimension < 0) {
				return -1;
			}
			product = Math.multiplyExact(product, dimension);
		}
		return Math.toIntExact(product);
	}

	/** The shape with the batch dimension in front. */
	static int[] withBatch(int batch, int[] shape) {
		int[] full = new int[shape.length + 1];
		full[0] = batch;
		System.arraycopy(shape, 0, full, 1, shape.length);
		return full;
	}

	/** Whether two shapes agree where both are known. */
	static boolean compatible(int[] a, int[] b) {
		if (a.length != b.length) {
			return false;
		}
		for (int i = 0; i < a.length; i++) {
			if (a[i] != b[i] && a[i] != -1 && b[i] != -1) {
				return false;
			}
		}
		return true;
	}

	/** A shape as Keras prints it, {@code -1} as {@code None}. */
	static String text(int[] shape) {
		return Arrays.toString(Arrays.stream(shape).mapToObj((d) -> (d < 0) ? "None" : String.valueOf(d)).toArray());
	}

}
