package io.modelhost.protocols.oip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.modelhost.engine.DataType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Tensor elements as Triton's binary tensor data extension lays them out: row-major,
 * little-endian, each in its datatype's native size with no padding; BOOL one byte (1
 * true, 0 false), BYTES a 4-byte little-endian unsigned length followed by that many
 * bytes. Read into the same JSON elements a request's {@code data} holds, so that every
 * check after parsing is the JSON path's.
 */
final class BinaryTensorData {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private BinaryTensorData() {
	}

	/** The bytes of one element, or -1 for BYTES, whose elements vary. */
	static int width(DataType type) {
		return switch (type) {
			case BOOL, INT8, UINT8 -> 1;
			case INT16 -> 2;
			case INT32, FP32 -> 4;
			case INT64, FP64 -> 8;
			case BYTES -> -1;
		};
	}

	/**
	 * Reads a tensor's elements, flat.
	 * @param type the datatype the request gives the tensor
	 * @param shape the shape it gives
	 * @param bytes exactly the tensor's binary data
	 * @param at the JSON Pointer of the input in the request
	 * @param problems where what does not fit is added, with pointers to
	 * {@code parameters/binary_data_size} or to the element ({@code data/<index>})
	 * @return the elements, or null if any problem was found
	 */
	static @Nullable ArrayNode read(DataType type, List<Long> shape, ByteBuffer bytes, String at,
			InputProblems problems) {
		long count = 1;
		for (long dimension : shape) {
			count *= dimension; // the header's parse bounded the product
		}
		if (type == DataType.BYTES) {
			return readBytes(count, shape, bytes, at, problems);
		}
		long expected = count * width(type);
		if (bytes.remaining() != expected) {
			problems.add(at + "/parameters/binary_data_size",
					"shape " + shape + " of " + type + " takes " + expected + " bytes (" + count + " elements of "
							+ width(type) + ") but binary_data_size is " + bytes.remaining());
			return null;
		}
		ArrayNode elements = NODES.arrayNode((int) count);
		boolean ok = true;
		for (int i = 0; i < count; i++) {
			switch (type) {
				case BOOL -> {
					byte value = bytes.get();
					if (value != 0 && value != 1) {
						problems.add(at + "/data/" + i,
								"expected the byte 0 or 1 (BOOL) but got " + Byte.toUnsignedInt(value));
						ok = false;
					}
					elements.add(value == 1);
				}
				case INT8 -> elements.add(bytes.get());
				case UINT8 -> elements.add(Byte.toUnsignedInt(bytes.get()));
				case INT16 -> elements.add(bytes.getShort());
				case INT32 -> elements.add(bytes.getInt());
				case INT64 -> elements.add(bytes.getLong());
				case FP32 -> elements.add(bytes.getFloat());
				case FP64 -> elements.add(bytes.getDouble());
				case BYTES -> throw new IllegalStateException("read above");
			}
			if (problems.full()) {
				return null;
			}
		}
		return ok ? elements : null;
	}

	private static @Nullable ArrayNode readBytes(long count, List<Long> shape, ByteBuffer bytes, String at,
			InputProblems problems) {
		var utf8 = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ArrayNode elements = NODES.arrayNode((int) Math.min(count, 1024));
		boolean ok = true;
		int index = 0;
		while (bytes.hasRemaining()) {
			if (index == count) {
				problems.add(at + "/parameters/binary_data_size", "shape " + shape + " holds " + count
						+ " BYTES elements but the binary data has " + bytes.remaining() + " bytes after them");
				return null;
			}
			if (bytes.remaining() < 4) {
				problems.add(at + "/data/" + index, "BYTES element " + index + " is cut short: its 4-byte length has "
						+ "only " + bytes.remaining() + " bytes left in binary_data_size");
				return null;
			}
			long length = Integer.toUnsignedLong(bytes.getInt());
			if (length > bytes.remaining()) {
				problems.add(at + "/data/" + index, "BYTES element " + index + " says it has " + length
						+ " bytes but binary_data_size leaves " + bytes.remaining());
				return null;
			}
			ByteBuffer element = bytes.slice(bytes.position(), (int) length);
			bytes.position(bytes.position() + (int) length);
			try {
				elements.add(utf8.decode(element).toString());
			}
			catch (CharacterCodingException ex) {
				problems.add(at + "/data/" + index, "expected UTF-8 text (BYTES) but the bytes are not UTF-8");
				ok = false;
				elements.addNull();
			}
			index++;
		}
		if (index != count) {
			problems.add(at + "/parameters/binary_data_size",
					"shape " + shape + " holds " + count + " BYTES elements but the binary data has " + index);
			return null;
		}
		return ok ? elements : null;
	}

	/**
	 * An output's elements as binary data, or null if it cannot be: a missing value (a
	 * tabular row without a label) has no binary form.
	 * @param type the output's datatype
	 * @param data its elements as the JSON answer holds them: a primitive array
	 * ({@code int[]} for INT8 and UINT8), {@code String[]} or a list
	 */
	static byte @Nullable [] write(DataType type, Object data) {
		int count = (data instanceof List<?> list) ? list.size() : java.lang.reflect.Array.getLength(data);
		if (type == DataType.BYTES) {
			return writeBytes(data, count);
		}
		ByteBuffer out = ByteBuffer.allocate(count * width(type)).order(ByteOrder.LITTLE_ENDIAN);
		switch (data) {
			case float[] values -> out.asFloatBuffer().put(values);
			case double[] values -> out.asDoubleBuffer().put(values);
			case long[] values -> out.asLongBuffer().put(values);
			default -> {
				for (int i = 0; i < count; i++) {
					Object element = element(data, i);
					if (element == null) {
						return null;
					}
					put(out, type, element);
				}
			}
		}
		return out.array();
	}

	private static byte @Nullable [] writeBytes(Object data, int count) {
		byte[][] elements = new byte[count][];
		int size = 0;
		for (int i = 0; i < count; i++) {
			Object element = element(data, i);
			if (element == null) {
				return null;
			}
			elements[i] = element.toString().getBytes(StandardCharsets.UTF_8);
			size = Math.addExact(size, 4 + elements[i].length);
		}
		ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
		for (byte[] element : elements) {
			out.putInt(element.length).put(element);
		}
		return out.array();
	}

	private static @Nullable Object element(Object data, int index) {
		return switch (data) {
			case List<?> list -> list.get(index);
			case Object[] array -> array[index];
			case boolean[] array -> array[index];
			case byte[] array -> array[index];
			case short[] array -> array[index];
			case int[] array -> array[index];
			case long[] array -> array[index];
			case float[] array -> array[index];
			case double[] array -> array[index];
			default -> throw new IllegalArgumentException("not tensor data: " + data.getClass().getSimpleName());
		};
	}

	private static void put(ByteBuffer out, DataType type, Object element) {
		if (type == DataType.BOOL) {
			out.put((byte) (((Boolean) element) ? 1 : 0));
			return;
		}
		Number number = (Number) element;
		switch (type) {
			case INT8, UINT8 -> out.put((byte) number.intValue());
			case INT16 -> out.putShort(number.shortValue());
			case INT32 -> out.putInt(number.intValue());
			case INT64 -> out.putLong(number.longValue());
			case FP32 -> out.putFloat(number.floatValue());
			case FP64 -> out.putDouble(number.doubleValue());
			case BOOL, BYTES -> throw new IllegalStateException("written above");
		}
	}

}
