package io.modelhost.protocols.oip;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.modelhost.engine.DataType;
import io.modelhost.engine.Tensor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Tensor data as the protocol sends it: elements in row-major order, given flat or in
 * their natural nested form, checked against a datatype.
 */
final class TensorData {

	/** Datatypes of the protocol that no engine here takes. */
	private static final Set<String> UNSUPPORTED = Set.of("UINT16", "UINT32", "UINT64", "FP16", "BF16");

	private TensorData() {
	}

	/** The datatype named, or null if the protocol has no such datatype or none here. */
	static @Nullable DataType datatype(String name) {
		for (DataType type : DataType.values()) {
			if (type.name().equals(name)) {
				return type;
			}
		}
		return null;
	}

	/** Why a datatype name cannot be used. */
	static String unusable(String name) {
		return UNSUPPORTED.contains(name) ? "datatype " + name + " is not supported"
				: "unknown datatype '" + name + "'";
	}

	/** The elements of the data in row-major order, however deeply it nests. */
	static List<JsonNode> elements(JsonNode data) {
		var elements = new ArrayList<JsonNode>();
		collect(data, elements);
		return elements;
	}

	private static void collect(JsonNode node, List<JsonNode> elements) {
		if (node.isArray()) {
			node.forEach((child) -> collect(child, elements));
		}
		else {
			elements.add(node);
		}
	}

	/**
	 * The JSON Pointer path inside the data to the element at a flat index, e.g.
	 * {@code /1/3} (nested) or {@code /7} (flat).
	 */
	static String pathOf(JsonNode data, int flatIndex) {
		var path = new StringBuilder();
		find(data, new int[] { flatIndex }, path);
		return path.toString();
	}

	private static boolean find(JsonNode node, int[] remaining, StringBuilder path) {
		if (!node.isArray()) {
			return remaining[0]-- == 0;
		}
		for (int i = 0; i < node.size(); i++) {
			int length = path.length();
			path.append('/').append(i);
			if (find(node.get(i), remaining, path)) {
				return true;
			}
			path.setLength(length);
		}
		return false;
	}

	/**
	 * What is wrong with an element for a datatype, or null if it fits.
	 * @param allowNull whether null (a missing value) is allowed
	 */
	static @Nullable String check(DataType type, JsonNode element, boolean allowNull) {
		if (element.isNull() && allowNull) {
			return null;
		}
		return switch (type) {
			case BOOL -> element.isBoolean() ? null : expected("true or false", type, element);
			case BYTES -> element.isString() ? null : expected("a string", type, element);
			case FP32 -> (element.isNumber() && Float.isFinite(element.floatValue(Float.NaN))) ? null
					: expected("a finite number", type, element);
			case FP64 -> (element.isNumber() && Double.isFinite(element.doubleValue(Double.NaN))) ? null
					: expected("a finite number", type, element);
			case INT8, UINT8, INT16, INT32, INT64 -> {
				long min = switch (type) {
					case INT8 -> Byte.MIN_VALUE;
					case UINT8 -> 0;
					case INT16 -> Short.MIN_VALUE;
					case INT32 -> Integer.MIN_VALUE;
					default -> Long.MIN_VALUE;
				};
				long max = switch (type) {
					case INT8 -> Byte.MAX_VALUE;
					case UINT8 -> 255;
					case INT16 -> Short.MAX_VALUE;
					case INT32 -> Integer.MAX_VALUE;
					default -> Long.MAX_VALUE;
				};
				boolean fits = element.isIntegralNumber() && element.canConvertToLong() && element.longValue() >= min
						&& element.longValue() <= max;
				yield fits ? null : expected("a whole number in " + min + ".." + max, type, element);
			}
		};
	}

	private static String expected(String what, DataType type, JsonNode element) {
		return "expected " + what + " (" + type + ") but got " + kind(element);
	}

	static String kind(JsonNode node) {
		if (node.isNumber()) {
			return node.asString();
		}
		if (node.isString()) {
			return "a string";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		if (node.isObject()) {
			return "an object";
		}
		return node.isArray() ? "an array" : "null";
	}

	/**
	 * The elements as the array behind a {@link Tensor} of the datatype; every element
	 * must have been checked.
	 */
	static Object array(DataType type, List<JsonNode> elements) {
		int n = elements.size();
		switch (type) {
			case BOOL -> {
				boolean[] array = new boolean[n];
				for (int i = 0; i < n; i++) {
					array[i] = elements.get(i).booleanValue();
				}
				return array;
			}
			case BYTES -> {
				String[] array = new String[n];
				for (int i = 0; i < n; i++) {
					array[i] = elements.get(i).asString();
				}
				return array;
			}
			case INT8, UINT8 -> {
				byte[] array = new byte[n];
				for (int i = 0; i < n; i++) {
					array[i] = (byte) elements.get(i).longValue();
				}
				return array;
			}
			case INT16 -> {
				short[] array = new short[n];
				for (int i = 0; i < n; i++) {
					array[i] = (short) elements.get(i).longValue();
				}
				return array;
			}
			case INT32 -> {
				int[] array = new int[n];
				for (int i = 0; i < n; i++) {
					array[i] = (int) elements.get(i).longValue();
				}
				return array;
			}
			case INT64 -> {
				long[] array = new long[n];
				for (int i = 0; i < n; i++) {
					array[i] = elements.get(i).longValue();
				}
				return array;
			}
			case FP32 -> {
				float[] array = new float[n];
				for (int i = 0; i < n; i++) {
					array[i] = elements.get(i).floatValue();
				}
				return array;
			}
			case FP64 -> {
				double[] array = new double[n];
				for (int i = 0; i < n; i++) {
					array[i] = elements.get(i).doubleValue();
				}
				return array;
			}
		}
		throw new IllegalStateException("unreachable");
	}

	/**
	 * A tensor's elements as JSON can carry them: 8-bit integers as numbers (not base64),
	 * UINT8 unsigned; other arrays as they are.
	 */
	static Object json(Tensor tensor) {
		if (tensor.type() == DataType.INT8 || tensor.type() == DataType.UINT8) {
			int[] values = new int[tensor.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = ((Number) tensor.element(i)).intValue();
			}
			return values;
		}
		return tensor.data();
	}

}
