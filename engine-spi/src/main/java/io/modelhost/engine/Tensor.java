package io.modelhost.engine;

import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array: a shape and the elements flattened in row-major order.
 *
 * <p>
 * The array behind {@code data} depends on {@code type}: {@code boolean[]} for BOOL,
 * {@code byte[]} for INT8 and UINT8 (UINT8 read unsigned), {@code short[]} for INT16,
 * {@code int[]} for INT32, {@code long[]} for INT64, {@code float[]} for FP32,
 * {@code double[]} for FP64 and {@code String[]} for BYTES. A tensor does not copy its
 * array; whoever builds one hands the array over and must not change it afterwards.
 *
 * @param type the element type
 * @param shape the dimensions, all >= 0
 * @param data the elements, row-major
 */
public record Tensor(DataType type, List<Long> shape, Object data) {

	public Tensor {
		shape = List.copyOf(shape);
		long count = 1;
		for (long dimension : shape) {
			if (dimension < 0) {
				throw new IllegalArgumentException("dimensions must be >= 0 but shape is " + shape);
			}
			count = Math.multiplyExact(count, dimension);
		}
		Class<?> expected = arrayClass(type);
		if (data.getClass() != expected) {
			throw new IllegalArgumentException(
					type + " needs " + expected.getSimpleName() + " but got " + data.getClass().getSimpleName());
		}
		int length = java.lang.reflect.Array.getLength(data);
		if (length != count) {
			throw new IllegalArgumentException("shape " + shape + " needs " + count + " elements but got " + length);
		}
	}

	/** The Java array class that holds elements of the given type. */
	public static Class<?> arrayClass(DataType type) {
		return switch (type) {
			case BOOL -> boolean[].class;
			case INT8, UINT8 -> byte[].class;
			case INT16 -> short[].class;
			case INT32 -> int[].class;
			case INT64 -> long[].class;
			case FP32 -> float[].class;
			case FP64 -> double[].class;
			case BYTES -> String[].class;
		};
	}

	/** The number of elements. */
	public int size() {
		return java.lang.reflect.Array.getLength(this.data);
	}

	/** The element at a flat index, boxed: a Number, Boolean or String. */
	public Object element(int index) {
		return switch (this.type) {
			case BOOL -> ((boolean[]) this.data)[index];
			case INT8 -> ((byte[]) this.data)[index];
			case UINT8 -> Byte.toUnsignedInt(((byte[]) this.data)[index]);
			case INT16 -> ((short[]) this.data)[index];
			case INT32 -> ((int[]) this.data)[index];
			case INT64 -> ((long[]) this.data)[index];
			case FP32 -> ((float[]) this.data)[index];
			case FP64 -> ((double[]) this.data)[index];
			case BYTES -> ((String[]) this.data)[index];
		};
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Tensor that && this.type == that.type && this.shape.equals(that.shape)
				&& Arrays.deepEquals(new Object[] { this.data }, new Object[] { that.data });
	}

	@Override
	public int hashCode() {
		return 31 * this.type.hashCode() + this.shape.hashCode();
	}

	@Override
	public String toString() {
		return "Tensor[" + this.type + " " + this.shape + "]";
	}

}
