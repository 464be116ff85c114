package io.modelhost.engine.djl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.modelhost.engine.DataType;
import io.modelhost.engine.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Converts between the platform's {@link Tensor} and DJL's {@link NDArray}. Inputs go
 * through one direct native-order buffer, which libtorch takes without another copy.
 */
final class NdTensors {

	private NdTensors() {
	}

	/** The platform type of a DJL element type, or null if the platform has none. */
	static @Nullable DataType dataType(ai.djl.ndarray.types.DataType type) {
		return switch (type) {
			// half precision comes back widened: the platform has no 16-bit floats
			case FLOAT32, FLOAT16, BFLOAT16 -> DataType.FP32;
			case FLOAT64 -> DataType.FP64;
			case INT64 -> DataType.INT64;
			case INT32 -> DataType.INT32;
			case INT16 -> DataType.INT16;
			case INT8 -> DataType.INT8;
			case UINT8 -> DataType.UINT8;
			case BOOLEAN -> DataType.BOOL;
			default -> null;
		};
	}

	/** The DJL element type of a platform type, or null for strings. */
	static ai.djl.ndarray.types.@Nullable DataType djlType(DataType type) {
		return switch (type) {
			case FP32 -> ai.djl.ndarray.types.DataType.FLOAT32;
			case FP64 -> ai.djl.ndarray.types.DataType.FLOAT64;
			case INT64 -> ai.djl.ndarray.types.DataType.INT64;
			case INT32 -> ai.djl.ndarray.types.DataType.INT32;
			case INT16 -> ai.djl.ndarray.types.DataType.INT16;
			case INT8 -> ai.djl.ndarray.types.DataType.INT8;
			case UINT8 -> ai.djl.ndarray.types.DataType.UINT8;
			case BOOL -> ai.djl.ndarray.types.DataType.BOOLEAN;
			case BYTES -> null;
		};
	}

	/**
	 * A new array over a copy of the tensor's elements, owned by the manager.
	 * @throws IllegalArgumentException for string tensors, which libtorch lacks
	 */
	static NDArray toNd(NDManager manager, Tensor tensor) {
		ai.djl.ndarray.types.DataType type = djlType(tensor.type());
		if (type == null) {
			throw new IllegalArgumentException("TorchScript models take no string tensors");
		}
		ByteBuffer buffer = ByteBuffer.allocateDirect(tensor.size() * type.getNumOfBytes())
			.order(ByteOrder.nativeOrder());
		switch (tensor.type()) {
			case FP32 -> buffer.asFloatBuffer().put((float[]) tensor.data());
			case FP64 -> buffer.asDoubleBuffer().put((double[]) tensor.data());
			case INT64 -> buffer.asLongBuffer().put((long[]) tensor.data());
			case INT32 -> buffer.asIntBuffer().put((int[]) tensor.data());
			case INT16 -> buffer.asShortBuffer().put((short[]) tensor.data());
			case INT8, UINT8 -> buffer.put((byte[]) tensor.data()).flip();
			case BOOL -> {
				for (boolean value : (boolean[]) tensor.data()) {
					buffer.put((byte) (value ? 1 : 0));
				}
				buffer.flip();
			}
			case BYTES -> throw new IllegalStateException("unreachable: strings were refused above");
		}
		long[] shape = tensor.shape().stream().mapToLong(Long::longValue).toArray();
		return manager.create(buffer, new Shape(shape), type);
	}

	/**
	 * A platform tensor with a copy of the array's elements.
	 * @throws IllegalArgumentException if the platform has no type for the array's
	 */
	static Tensor fromNd(NDArray array) {
		DataType type = dataType(array.getDataType());
		if (type == null) {
			throw new IllegalArgumentException("the model returned a tensor of type " + array.getDataType()
					+ ", which the platform does not have");
		}
		List<Long> shape = Arrays.stream(array.getShape().getShape()).boxed().toList();
		Object data = switch (type) {
			case FP32 ->
				(array.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) ? array.toFloatArray() : widened(array);
			case FP64 -> array.toDoubleArray();
			case INT64 -> array.toLongArray();
			case INT32 -> array.toIntArray();
			case INT16 -> {
				ShortBuffer buffer = array.toByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
				short[] values = new short[buffer.remaining()];
				buffer.get(values);
				yield values;
			}
			case INT8, UINT8 -> array.toByteArray();
			case BOOL -> array.toBooleanArray();
			case BYTES -> throw new IllegalStateException("unreachable: no DJL type maps to BYTES");
		};
		return new Tensor(type, shape, data);
	}

	private static float[] widened(NDArray array) {
		try (NDArray wide = array.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
			return wide.toFloatArray();
		}
	}

}
