package io.modelhost.engine.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;
import org.jspecify.annotations.Nullable;

/**
 * Counts, from the ONNX file alone, the memory its initializers declare and the memory
 * the main graph's shape-driven operators would allocate where their shape comes from a
 * constant: {@code ConstantOfShape}, {@code Expand}, {@code Tile}, {@code Resize} with
 * sizes, {@code Range} of int64 constants. A few bytes of {@code [100000, 100000]} would
 * otherwise make ONNX Runtime allocate tens of gigabytes at the first run.
 *
 * <p>
 * Only what a constant decides is counted: shapes computed from the request, operators
 * inside subgraphs ({@code If}, {@code Loop}, {@code Scan}) and {@code Pad} are not.
 * Where the input's own size is unknown ({@code Expand}, {@code Tile}, {@code Resize})
 * the count is a lower bound: one byte an element.
 */
final class AllocationScan {

	/** The most values of an int64 constant kept to read shapes from. */
	private static final int MAX_SHAPE_VALUES = 64;

	private static final int MAX_NAME = 4096;

	private final long limit;

	private final Map<String, long[]> constants = new HashMap<>();

	private final List<Node> nodes = new ArrayList<>();

	private long initializerBytes;

	private AllocationScan(long limit) {
		this.limit = limit;
	}

	/**
	 * Refuses a model whose initializers or constant-shaped operators take more than
	 * {@code limit} bytes.
	 * @throws ModelRejectedException TOO_LARGE naming what is too big and the limit;
	 * INVALID for an initializer whose data does not match its dimensions
	 * @throws IOException if the file cannot be read or is not well-formed
	 */
	static void check(Path model, long limit) throws IOException {
		var scan = new AllocationScan(limit);
		try (InputStream in = new BufferedInputStream(Files.newInputStream(model))) {
			var wire = new WireInput(in, Files.size(model));
			for (int tag = wire.readTag(wire.size()); tag != -1; tag = wire.readTag(wire.size())) {
				if (tag >>> 3 == 7 && (tag & 7) == WireInput.LENGTH_DELIMITED) {
					scan.graph(wire, wire.readEnd(wire.size()));
				}
				else {
					wire.skipValue(tag & 7, wire.size());
				}
			}
		}
		scan.checkNodes();
	}

	private void graph(WireInput in, long end) throws IOException {
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			if (field == 1 && (tag & 7) == WireInput.LENGTH_DELIMITED) {
				this.nodes.add(node(in, in.readEnd(end)));
			}
			else if (field == 5 && (tag & 7) == WireInput.LENGTH_DELIMITED) {
				Tensor tensor = tensor(in, in.readEnd(end));
				this.initializerBytes = saturatedAdd(this.initializerBytes, tensor.bytes());
				if (this.initializerBytes > this.limit) {
					throw ModelRejectedException.tooLarge(Phase.SCAN,
							"The model's initializers declare " + this.initializerBytes + " bytes (initializer '"
									+ SafeText.clean(tensor.name()) + "' of shape " + Arrays.toString(tensor.dims())
									+ "), more than the limit of " + this.limit + " bytes");
				}
				tensor.requireConsistent();
				if (tensor.values() != null) {
					this.constants.put(tensor.name(), tensor.values());
				}
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
	}

	private Node node(WireInput in, long end) throws IOException {
		var inputs = new ArrayList<String>();
		var outputs = new ArrayList<String>();
		String name = "";
		String op = "";
		Tensor value = null;
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			boolean delimited = (tag & 7) == WireInput.LENGTH_DELIMITED;
			if (delimited && (field == 1 || field == 2 || field == 3 || field == 4)) {
				String text = in.readText(end, MAX_NAME);
				String found = (text != null) ? text : "";
				switch (field) {
					case 1 -> inputs.add(found);
					case 2 -> outputs.add(found);
					case 3 -> name = found;
					default -> op = found;
				}
			}
			else if (delimited && field == 5) {
				Tensor tensor = attributeTensor(in, in.readEnd(end));
				if (tensor != null) {
					tensor.requireConsistent();
					value = tensor;
				}
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
		if (op.equals("Constant") && value != null && value.values() != null && outputs.size() == 1) {
			this.constants.put(outputs.getFirst(), value.values());
		}
		return new Node(name, op, inputs, value);
	}

	/** The tensor of an attribute ({@code value} of Constant and ConstantOfShape). */
	private @Nullable Tensor attributeTensor(WireInput in, long end) throws IOException {
		Tensor tensor = null;
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			if (tag >>> 3 == 5 && (tag & 7) == WireInput.LENGTH_DELIMITED) {
				tensor = tensor(in, in.readEnd(end));
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
		return tensor;
	}

	private static Tensor tensor(WireInput in, long end) throws IOException {
		var dims = new ArrayList<Long>();
		int dataType = 0;
		String name = "";
		long rawLength = -1;
		byte[] raw = null;
		var int64 = new ArrayList<Long>();
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			int wireType = tag & 7;
			if (field == 1 || field == 7) {
				List<Long> target = (field == 1) ? dims : int64;
				if (wireType == WireInput.VARINT) {
					add(target, in.readVarint(end));
				}
				else if (wireType == WireInput.LENGTH_DELIMITED) {
					long packedEnd = in.readEnd(end);
					while (in.position() < packedEnd) {
						add(target, in.readVarint(packedEnd));
					}
				}
				else {
					in.skipValue(wireType, end);
				}
			}
			else if (field == 2 && wireType == WireInput.VARINT) {
				dataType = (int) in.readVarint(end);
			}
			else if (field == 8 && wireType == WireInput.LENGTH_DELIMITED) {
				String text = in.readText(end, MAX_NAME);
				name = (text != null) ? text : "";
			}
			else if (field == 9 && wireType == WireInput.LENGTH_DELIMITED) {
				long fieldStart = in.position();
				raw = in.readBytes(end, MAX_SHAPE_VALUES * Long.BYTES);
				rawLength = (raw != null) ? raw.length : in.position() - fieldStart;
			}
			else {
				in.skipValue(wireType, end);
			}
		}
		if (dims.size() > MAX_SHAPE_VALUES) {
			throw new WireFormatException("a tensor of more than " + MAX_SHAPE_VALUES + " dimensions");
		}
		long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
		long elements = 1;
		for (long dimension : shape) {
			if (dimension < 0) {
				throw new WireFormatException("a tensor with a negative dimension");
			}
			elements = saturatedMultiply(elements, dimension);
		}
		int size = elementSize(dataType);
		long bytes = saturatedMultiply(elements, size);
		long[] values = null;
		if (dataType == 7 && elements <= MAX_SHAPE_VALUES) {
			if (raw != null && raw.length == elements * Long.BYTES) {
				values = new long[(int) elements];
				ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
			}
			else if (int64.size() == elements) {
				values = int64.stream().mapToLong(Long::longValue).toArray();
			}
		}
		return new Tensor(name, shape, dataType, bytes, (size > 0) ? rawLength : -1, values);
	}

	private static void add(List<Long> values, long value) throws WireFormatException {
		if (values.size() >= MAX_SHAPE_VALUES * 64) {
			return; // long int64_data of a weight: not a shape, not kept
		}
		values.add(value);
	}

	private void checkNodes() {
		for (Node node : this.nodes) {
			long bytes = switch (node.op()) {
				case "ConstantOfShape" ->
					product(node, 0, (node.value() != null && elementSize(node.value().dataType()) > 0)
							? elementSize(node.value().dataType()) : Float.BYTES);
				case "Expand", "Tile" -> product(node, 1, 1);
				case "Resize" -> product(node, 3, 1);
				case "Range" -> range(node);
				default -> 0;
			};
			if (bytes > this.limit) {
				throw ModelRejectedException.tooLarge(Phase.SCAN,
						"Node '" + SafeText.clean(node.name()) + "' (" + node.op() + ") would allocate at least "
								+ bytes + " bytes from constant sizes, more than the limit of " + this.limit
								+ " bytes");
			}
		}
	}

	/** Bytes of an output whose element count is the product of a constant input. */
	private long product(Node node, int input, int elementSize) {
		long[] shape = constant(node, input);
		if (shape == null) {
			return 0;
		}
		long elements = 1;
		for (long dimension : shape) {
			elements = saturatedMultiply(elements, Math.max(dimension, 0));
		}
		return saturatedMultiply(elements, elementSize);
	}

	private long range(Node node) {
		long[] start = constant(node, 0);
		long[] limit = constant(node, 1);
		long[] delta = constant(node, 2);
		if (start == null || limit == null || delta == null || start.length != 1 || limit.length != 1
				|| delta.length != 1 || delta[0] == 0) {
			return 0;
		}
		double elements = Math.ceil(((double) limit[0] - start[0]) / delta[0]);
		return (elements <= 0) ? 0 : (long) Math.min(elements * Long.BYTES, Long.MAX_VALUE);
	}

	private long @Nullable [] constant(Node node, int input) {
		return (input < node.inputs().size()) ? this.constants.get(node.inputs().get(input)) : null;
	}

	/** Bytes per element of an ONNX data type; 0 for strings and unknown types. */
	private static int elementSize(int dataType) {
		return switch (dataType) {
			case 2, 3, 9, 17, 18, 19, 20 -> 1;
			case 4, 5, 10, 16 -> 2;
			case 1, 6, 12 -> 4;
			case 7, 11, 13, 14 -> 8;
			case 15 -> 16;
			default -> 0;
		};
	}

	private static long saturatedMultiply(long a, long b) {
		return (b != 0 && a > Long.MAX_VALUE / b) ? Long.MAX_VALUE : a * b;
	}

	private static long saturatedAdd(long a, long b) {
		return (Long.MAX_VALUE - a < b) ? Long.MAX_VALUE : a + b;
	}

	/**
	 * A tensor as declared.
	 *
	 * @param rawLength the length of its raw_data, -1 if it has none or its type has no
	 * fixed size
	 * @param values its values if it is a small int64 tensor, else null
	 */
	private record Tensor(String name, long[] dims, int dataType, long bytes, long rawLength,
			long @Nullable [] values) {

		/** ONNX Runtime allocates by the dimensions: a shorter raw_data is a lie. */
		void requireConsistent() {
			if (this.rawLength >= 0 && this.rawLength < this.bytes) {
				throw ModelRejectedException.invalid(Phase.SCAN,
						"Tensor '" + SafeText.clean(this.name) + "' declares shape " + Arrays.toString(this.dims) + " ("
								+ this.bytes + " bytes) but holds " + this.rawLength + " bytes of data",
						"Check the model with onnx.checker.check_model(model, full_check=True)", null);
			}
		}

	}

	private record Node(String name, String op, List<String> inputs, @Nullable Tensor value) {

	}

}
