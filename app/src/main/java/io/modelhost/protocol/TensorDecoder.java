package io.modelhost.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.DataType;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Decodes examples for a tensor model into one tensor per input, the examples stacked
 * along the first (batch) dimension. Each example is a nested array (or a scalar) that
 * must have the input's shape without its batch dimension.
 */
final class TensorDecoder {

	private final TensorSignature signature;

	private final ProblemList problems;

	TensorDecoder(TensorSignature signature, ProblemList problems) {
		this.signature = signature;
		this.problems = problems;
	}

	/**
	 * {@code examplesByInput}: for each input name, its examples and the pointer to them.
	 */
	ModelInput.@Nullable Tensors decode(Map<String, Examples> examplesByInput) {
		var tensors = new LinkedHashMap<String, Tensor>();
		int batch = -1;
		for (TensorSpec spec : this.signature.inputs()) {
			Examples examples = examplesByInput.get(spec.name());
			if (examples == null) {
				this.problems.add("", "missing input '" + spec.name() + "'");
				continue;
			}
			if (batch >= 0 && examples.nodes().size() != batch) {
				this.problems.add(examples.pointer(), "input '" + spec.name() + "' has " + examples.nodes().size()
						+ " examples but another input has " + batch);
			}
			batch = examples.nodes().size();
			Tensor tensor = tensor(spec, examples);
			if (tensor != null) {
				tensors.put(spec.name(), tensor);
			}
		}
		for (String name : examplesByInput.keySet()) {
			if (this.signature.inputs().stream().noneMatch((spec) -> spec.name().equals(name))) {
				this.problems.add("/inputs/" + ProblemList.escape(name), "unknown input '" + name + "'");
			}
		}
		return this.problems.isEmpty() ? new ModelInput.Tensors(tensors) : null;
	}

	private @Nullable Tensor tensor(TensorSpec spec, Examples examples) {
		List<Long> expected = spec.shape().subList(Math.min(1, spec.shape().size()), spec.shape().size());
		long fixedBatch = spec.shape().isEmpty() ? -1 : spec.shape().getFirst();
		if (fixedBatch > 0 && examples.nodes().size() != fixedBatch) {
			this.problems.add(examples.pointer(), "input '" + spec.name() + "' takes exactly " + fixedBatch
					+ " examples per request but got " + examples.nodes().size());
			return null;
		}
		List<Long> shape = shapeOf(examples.nodes().getFirst());
		if (shape.size() != expected.size()) {
			this.problems.add(examples.pointer() + "/0",
					"each example of input '" + spec.name() + "' must have shape " + expected + " but has " + shape);
			return null;
		}
		for (int d = 0; d < shape.size(); d++) {
			if (expected.get(d) >= 0 && !expected.get(d).equals(shape.get(d))) {
				this.problems.add(examples.pointer() + "/0", "each example of input '" + spec.name()
						+ "' must have shape " + expected + " but has " + shape);
				return null;
			}
		}
		long perExample = shape.stream().reduce(1L, Math::multiplyExact);
		long count = perExample * examples.nodes().size();
		if (count > Integer.MAX_VALUE - 8) {
			this.problems.add(examples.pointer(), "too many elements for input '" + spec.name() + "'");
			return null;
		}
		var buffer = new ElementBuffer(spec.type(), (int) count, this.problems);
		for (int i = 0; i < examples.nodes().size() && !this.problems.full(); i++) {
			fill(examples.nodes().get(i), shape, 0, examples.pointer() + "/" + i, buffer);
		}
		var full = new ArrayList<Long>();
		full.add((long) examples.nodes().size());
		full.addAll(shape);
		return this.problems.isEmpty() ? new Tensor(spec.type(), full, buffer.array()) : null;
	}

	/** The shape of a nested array, following first elements. */
	private static List<Long> shapeOf(JsonNode example) {
		var shape = new ArrayList<Long>();
		JsonNode node = example;
		while (node != null && node.isArray()) {
			shape.add((long) node.size());
			node = node.isEmpty() ? null : node.get(0);
		}
		return shape;
	}

	private void fill(JsonNode node, List<Long> shape, int depth, String pointer, ElementBuffer buffer) {
		if (depth == shape.size()) {
			buffer.add(node, pointer);
			return;
		}
		if (!node.isArray() || node.size() != shape.get(depth)) {
			this.problems.add(pointer, "expected an array of " + shape.get(depth) + " elements but got "
					+ (node.isArray() ? "one of " + node.size() : RowDecoder.kind(node)));
			return;
		}
		for (int i = 0; i < node.size() && !this.problems.full(); i++) {
			fill(node.get(i), shape, depth + 1, pointer + "/" + i, buffer);
		}
	}

	/**
	 * The examples given for one input.
	 *
	 * @param nodes one node per example
	 * @param pointer JSON Pointer to the array that holds them
	 */
	record Examples(List<JsonNode> nodes, String pointer) {

	}

	/** Fills the typed array behind a tensor, checking each element. */
	private static final class ElementBuffer {

		private final DataType type;

		private final Object array;

		private final ProblemList problems;

		private int size;

		ElementBuffer(DataType type, int count, ProblemList problems) {
			this.type = type;
			this.array = java.lang.reflect.Array.newInstance(Tensor.arrayClass(type).getComponentType(), count);
			this.problems = problems;
		}

		Object array() {
			return this.array;
		}

		void add(JsonNode node, String pointer) {
			int i = this.size++;
			switch (this.type) {
				case BOOL -> {
					if (node.isBoolean()) {
						((boolean[]) this.array)[i] = node.booleanValue();
					}
					else {
						wrong(pointer, "true or false", node);
					}
				}
				case BYTES -> {
					if (node.isString()) {
						((String[]) this.array)[i] = node.asString();
					}
					else {
						wrong(pointer, "a string", node);
					}
				}
				case FP32, FP64 -> {
					// a number beyond the element type's range is refused, not thrown or
					// rounded to infinity
					double value = node.isNumber() ? node.doubleValue(Double.NaN) : Double.NaN;
					if (this.type == DataType.FP32 && Float.isFinite((float) value)) {
						((float[]) this.array)[i] = (float) value;
					}
					else if (this.type == DataType.FP64 && Double.isFinite(value)) {
						((double[]) this.array)[i] = value;
					}
					else {
						wrong(pointer, "a finite number", node);
					}
				}
				default -> integer(node, pointer, i);
			}
		}

		private void integer(JsonNode node, String pointer, int i) {
			long min = switch (this.type) {
				case INT8 -> Byte.MIN_VALUE;
				case UINT8 -> 0;
				case INT16 -> Short.MIN_VALUE;
				case INT32 -> Integer.MIN_VALUE;
				default -> Long.MIN_VALUE;
			};
			long max = switch (this.type) {
				case INT8 -> Byte.MAX_VALUE;
				case UINT8 -> 255;
				case INT16 -> Short.MAX_VALUE;
				case INT32 -> Integer.MAX_VALUE;
				default -> Long.MAX_VALUE;
			};
			if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min
					|| node.longValue() > max) {
				wrong(pointer, "a whole number in " + min + ".." + max, node);
				return;
			}
			long value = node.longValue();
			switch (this.type) {
				case INT8, UINT8 -> ((byte[]) this.array)[i] = (byte) value;
				case INT16 -> ((short[]) this.array)[i] = (short) value;
				case INT32 -> ((int[]) this.array)[i] = (int) value;
				default -> ((long[]) this.array)[i] = value;
			}
		}

		private void wrong(String pointer, String expected, JsonNode node) {
			this.problems.add(pointer, "expected " + expected + " (" + this.type + ") but got "
					+ (node.isNumber() ? node.asString() : RowDecoder.kind(node)));
		}

	}

}
