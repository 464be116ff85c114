package io.modelhost.engine.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.modelhost.engine.DataType;
import io.modelhost.engine.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Converts between the platform's {@link Tensor} and ONNX Runtime's {@link OnnxTensor}.
 * Inputs go through direct native-order buffers, which ONNX Runtime reads in place
 * instead of copying.
 */
final class OrtTensors {

	private OrtTensors() {
	}

	/** The platform type of an ONNX element type, or null if the platform has none. */
	static @Nullable DataType dataType(OnnxTensorType type) {
		return switch (type) {
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
			case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
			default -> null;
		};
	}

	/** An ONNX element type as ONNX writes it, e.g. {@code float16}. */
	static String onnxName(OnnxTensorType type) {
		return type.name().substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length()).toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * A new ONNX Runtime tensor over a copy of the tensor's elements; the caller closes
	 * it.
	 */
	static OnnxTensor toOrt(OrtEnvironment environment, Tensor tensor) throws OrtException {
		long[] shape = tensor.shape().stream().mapToLong(Long::longValue).toArray();
		return switch (tensor.type()) {
			case FP32 -> {
				float[] data = (float[]) tensor.data();
				yield OnnxTensor.createTensor(environment,
						direct(data.length * Float.BYTES).asFloatBuffer().put(data).flip(), shape);
			}
			case FP64 -> {
				double[] data = (double[]) tensor.data();
				yield OnnxTensor.createTensor(environment,
						direct(data.length * Double.BYTES).asDoubleBuffer().put(data).flip(), shape);
			}
			case INT64 -> {
				long[] data = (long[]) tensor.data();
				yield OnnxTensor.createTensor(environment,
						direct(data.length * Long.BYTES).asLongBuffer().put(data).flip(), shape);
			}
			case INT32 -> {
				int[] data = (int[]) tensor.data();
				yield OnnxTensor.createTensor(environment,
						direct(data.length * Integer.BYTES).asIntBuffer().put(data).flip(), shape);
			}
			case INT16 -> {
				short[] data = (short[]) tensor.data();
				yield OnnxTensor.createTensor(environment,
						direct(data.length * Short.BYTES).asShortBuffer().put(data).flip(), shape);
			}
			case INT8 -> OnnxTensor.createTensor(environment, bytes((byte[]) tensor.data()), shape, OnnxJavaType.INT8);
			case UINT8 ->
				OnnxTensor.createTensor(environment, bytes((byte[]) tensor.data()), shape, OnnxJavaType.UINT8);
			case BOOL -> {
				boolean[] data = (boolean[]) tensor.data();
				ByteBuffer buffer = direct(data.length);
				for (boolean value : data) {
					buffer.put((byte) (value ? 1 : 0));
				}
				yield OnnxTensor.createTensor(environment, buffer.flip(), shape, OnnxJavaType.BOOL);
			}
			case BYTES -> OnnxTensor.createTensor(environment, (String[]) tensor.data(), shape);
		};
	}

	/**
	 * A platform tensor with a copy of an ONNX Runtime tensor's elements, which must be
	 * of a type {@link #dataType} maps.
	 */
	static Tensor fromOrt(OnnxTensor tensor) throws OrtException {
		TensorInfo info = tensor.getInfo();
		DataType type = dataType(info.onnxType);
		if (type == null) {
			throw new IllegalArgumentException("no platform type for " + onnxName(info.onnxType));
		}
		List<Long> shape = Arrays.stream(info.getShape()).boxed().toList();
		Object data = switch (type) {
			case FP32 -> {
				FloatBuffer buffer = tensor.getFloatBuffer();
				float[] values = new float[buffer.remaining()];
				buffer.get(values);
				yield values;
			}
			case FP64 -> {
				DoubleBuffer buffer = tensor.getDoubleBuffer();
				double[] values = new double[buffer.remaining()];
				buffer.get(values);
				yield values;
			}
			case INT64 -> {
				LongBuffer buffer = tensor.getLongBuffer();
				long[] values = new long[buffer.remaining()];
				buffer.get(values);
				yield values;
			}
			case INT32 -> {
				IntBuffer buffer = tensor.getIntBuffer();
				int[] values = new int[buffer.remaining()];
				buffer.get(values);
				yield values;
			}
			case INT16 -> {
				ShortBuffer buffer = tensor.getShortBuffer();
				short[] values = new short[buffer.remaining()];
				buffer.get(values);
				yield values;
			}
			case INT8, UINT8 -> {
				ByteBuffer buffer = tensor.getByteBuffer();
				byte[] values = new byte[buffer.remaining()];
				buffer.get(values);
				yield values;
			}
			case BOOL -> {
				ByteBuffer buffer = tensor.getByteBuffer();
				boolean[] values = new boolean[buffer.remaining()];
				for (int i = 0; i < values.length; i++) {
					values[i] = buffer.get() != 0;
				}
				yield values;
			}
			case BYTES -> {
				var values = new ArrayList<String>();
				flatten(tensor.getValue(), values);
				yield values.toArray(String[]::new);
			}
		};
		return new Tensor(type, shape, data);
	}

	private static ByteBuffer direct(int bytes) {
		return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
	}

	private static ByteBuffer bytes(byte[] data) {
		return direct(data.length).put(data).flip();
	}

	/** String tensors come back as nested arrays, or a lone string for a scalar. */
	private static void flatten(Object value, List<String> into) {
		if (value instanceof Object[] array) {
			for (Object element : array) {
				flatten(element, into);
			}
		}
		else {
			into.add((String) value);
		}
	}

}
