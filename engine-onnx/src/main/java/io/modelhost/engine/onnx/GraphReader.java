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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;
import io.modelhost.engine.onnx.OnnxGraph.Function;
import io.modelhost.engine.onnx.OnnxGraph.Node;
import io.modelhost.engine.onnx.OnnxGraph.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Reads the graphs of an ONNX file (the main graph, every subgraph and every model-local
 * function) in one streaming pass, and adds up the memory its initializers declare
 * (sparse ones at their dense size, as ONNX Runtime densifies them) against a limit as it
 * goes, so a file declaring gigabytes is refused before anything is kept of it.
 */
final class GraphReader {

	/** The most values of a tensor kept to read shapes from. */
	static final int MAX_VALUES = 64;

	private static final int MAX_NAME = 4096;

	/** Beyond this many listed values a tensor is a weight, not a shape: not kept. */
	private static final int MAX_LISTED = MAX_VALUES * 64;

	private final long limit;

	private long declaredBytes;

	private GraphReader(long limit) {
		this.limit = limit;
	}

	/**
	 * The model's graphs.
	 * @throws ModelRejectedException TOO_LARGE if the initializers declare more than
	 * {@code limit} bytes; INVALID for a tensor whose data does not match its dimensions
	 * @throws WireFormatException if the file is not well-formed or nests deeper than
	 * {@link ExternalDataScan#MAX_DEPTH}
	 * @throws IOException if the file cannot be read
	 */
	static Model read(Path model, long limit) throws IOException {
		var reader = new GraphReader(limit);
		OnnxGraph main = null;
		Map<String, Function> functions = new LinkedHashMap<>();
		try (InputStream in = new BufferedInputStream(Files.newInputStream(model))) {
			var wire = new WireInput(in, Files.size(model));
			for (int tag = wire.readTag(wire.size()); tag != -1; tag = wire.readTag(wire.size())) {
				boolean delimited = (tag & 7) == WireInput.LENGTH_DELIMITED;
				if (tag >>> 3 == 7 && delimited) {
					main = reader.graph(wire, wire.readEnd(wire.size()), 0);
				}
				else if (tag >>> 3 == 25 && delimited) {
					Function function = reader.function(wire, wire.readEnd(wire.size()));
					functions.put(function.domain() + ":" + function.name(), function);
				}
				else {
					wire.skipValue(tag & 7, wire.size());
				}
			}
		}
		if (main == null) {
			throw new WireFormatException("a model without a graph");
		}
		return new Model(main, functions);
	}

	private OnnxGraph graph(WireInput in, long end, int depth) throws IOException {
		if (depth > ExternalDataScan.MAX_DEPTH) {
			throw new WireFormatException("graphs nest deeper than " + ExternalDataScan.MAX_DEPTH);
		}
		var nodes = new ArrayList<Node>();
		var inputs = new ArrayList<String>();
		var outputs = new ArrayList<String>();
		var initializers = new ArrayList<Tensor>();
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			if ((tag & 7) != WireInput.LENGTH_DELIMITED) {
				in.skipValue(tag & 7, end);
			}
			else if (field == 1) {
				nodes.add(node(in, in.readEnd(end), depth));
			}
			else if (field == 5) {
				Tensor tensor = tensor(in, in.readEnd(end));
				declare(tensor.bytes(), "initializer '" + SafeText.clean(tensor.name()) + "' of shape "
						+ Arrays.toString(tensor.dims()));
				tensor.requireConsistent();
				initializers.add(tensor);
			}
			else if (field == 11 || field == 12) {
				(field == 11 ? inputs : outputs).add(valueName(in, in.readEnd(end)));
			}
			else if (field == 15) {
				sparse(in, in.readEnd(end), "sparse initializer");
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
		return new OnnxGraph(inputs, outputs, initializers, nodes);
	}

	private void declare(long bytes, String what) {
		this.declaredBytes = saturatedAdd(this.declaredBytes, bytes);
		if (this.declaredBytes > this.limit) {
			throw ModelRejectedException.tooLarge(Phase.SCAN, "The model's initializers declare " + this.declaredBytes
					+ " bytes (" + what + "), more than the limit of " + this.limit + " bytes");
		}
	}

	private Function function(WireInput in, long end) throws IOException {
		String name = "";
		String domain = "";
		var inputs = new ArrayList<String>();
		var outputs = new ArrayList<String>();
		var nodes = new ArrayList<Node>();
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			if ((tag & 7) != WireInput.LENGTH_DELIMITED) {
				in.skipValue(tag & 7, end);
			}
			else if (field == 7) {
				nodes.add(node(in, in.readEnd(end), 1));
			}
			else if (field == 1 || field == 4 || field == 5 || field == 10) {
				String text = text(in, end);
				switch (field) {
					case 1 -> name = text;
					case 4 -> inputs.add(text);
					case 5 -> outputs.add(text);
					default -> domain = text;
				}
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
		return new Function(name, domain, inputs, outputs, nodes);
	}

	private Node node(WireInput in, long end, int depth) throws IOException {
		var inputs = new ArrayList<String>();
		var outputs = new ArrayList<String>();
		var ints = new LinkedHashMap<String, long[]>();
		var graphs = new LinkedHashMap<String, OnnxGraph>();
		String name = "";
		String op = "";
		String domain = "";
		Tensor value = null;
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			boolean delimited = (tag & 7) == WireInput.LENGTH_DELIMITED;
			if (delimited && (field == 1 || field == 2 || field == 3 || field == 4 || field == 7)) {
				String text = text(in, end);
				switch (field) {
					case 1 -> inputs.add(text);
					case 2 -> outputs.add(text);
					case 3 -> name = text;
					case 4 -> op = text;
					default -> domain = text;
				}
			}
			else if (delimited && field == 5) {
				Tensor tensor = attribute(in, in.readEnd(end), depth, ints, graphs);
				if (tensor != null) {
					value = tensor;
				}
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
		return new Node(name, op, domain, inputs, outputs, value, ints, graphs);
	}

	/**
	 * Reads one attribute into {@code ints} or {@code graphs}; returns the tensor it
	 * defines, if it is one ({@code value}, {@code value_int(s)},
	 * {@code value_float(s)}).
	 */
	private @Nullable Tensor attribute(WireInput in, long end, int depth, Map<String, long[]> ints,
			Map<String, OnnxGraph> graphs) throws IOException {
		String name = "";
		Tensor tensor = null;
		var integers = new ArrayList<Long>();
		var reals = new ArrayList<Long>();
		var subgraphs = new ArrayList<OnnxGraph>();
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			int wireType = tag & 7;
			if (field == 1 && wireType == WireInput.LENGTH_DELIMITED) {
				name = text(in, end);
			}
			else if (field == 2 || field == 7) {
				numbers(in, wireType, end, WireInput.FIXED32, reals);
			}
			else if (field == 3 || field == 8) {
				numbers(in, wireType, end, WireInput.VARINT, integers);
			}
			else if (field == 5 && wireType == WireInput.LENGTH_DELIMITED) {
				tensor = tensor(in, in.readEnd(end));
				tensor.requireConsistent();
			}
			else if ((field == 6 || field == 11) && wireType == WireInput.LENGTH_DELIMITED) {
				subgraphs.add(graph(in, in.readEnd(end), depth + 1));
			}
			else if (field == 22 && wireType == WireInput.LENGTH_DELIMITED) {
				sparse(in, in.readEnd(end), "sparse constant");
			}
			else {
				in.skipValue(wireType, end);
			}
		}
		for (int i = 0; i < subgraphs.size(); i++) {
			graphs.put((subgraphs.size() == 1) ? name : name + "[" + i + "]", subgraphs.get(i));
		}
		if (!integers.isEmpty()) {
			ints.put(name, integers.stream().mapToLong(Long::longValue).toArray());
		}
		List<Long> listed = name.startsWith("value_int") ? integers : name.startsWith("value_float") ? reals : null;
		if (listed != null && listed.size() <= MAX_VALUES) {
			long[] dims = name.endsWith("s") ? new long[] { listed.size() } : new long[0];
			long[] values = listed.stream().mapToLong(Long::longValue).toArray();
			return new Tensor(name, dims, 7, (long) listed.size() * Long.BYTES, -1, values);
		}
		return tensor;
	}

	/**
	 * Adds a scalar or packed list of varints, or of fixed32 floats truncated to
	 * integers, to {@code target}.
	 */
	private static void numbers(WireInput in, int wireType, long end, int elementType, List<Long> target)
			throws IOException {
		if (wireType == WireInput.LENGTH_DELIMITED) {
			long packedEnd = in.readEnd(end);
			while (in.position() < packedEnd) {
				add(target, number(in, elementType, packedEnd));
			}
		}
		else if (wireType == elementType) {
			add(target, number(in, elementType, end));
		}
		else {
			in.skipValue(wireType, end);
		}
	}

	private static long number(WireInput in, int elementType, long end) throws IOException {
		return switch (elementType) {
			case WireInput.VARINT -> in.readVarint(end);
			case WireInput.FIXED32 -> truncate(Float.intBitsToFloat((int) in.readFixed(4, end)));
			default -> truncate(Double.longBitsToDouble(in.readFixed(8, end)));
		};
	}

	private static long truncate(double value) {
		return Double.isNaN(value) ? 0 : (long) value;
	}

	private void sparse(WireInput in, long end, String what) throws IOException {
		var dims = new ArrayList<Long>();
		int dataType = 0;
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			if (field == 1 && (tag & 7) == WireInput.LENGTH_DELIMITED) {
				dataType = tensor(in, in.readEnd(end)).dataType();
			}
			else if (field == 3) {
				numbers(in, tag & 7, end, WireInput.VARINT, dims);
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
		long elements = 1;
		for (long dimension : dims) {
			elements = saturatedMultiply(elements, Math.max(dimension, 0));
		}
		declare(saturatedMultiply(elements, Math.max(elementSize(dataType), 1)), what + " of shape " + dims);
	}

	private static String valueName(WireInput in, long end) throws IOException {
		String name = "";
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			if (tag >>> 3 == 1 && (tag & 7) == WireInput.LENGTH_DELIMITED) {
				name = text(in, end);
			}
			else {
				in.skipValue(tag & 7, end);
			}
		}
		return name;
	}

	private static String text(WireInput in, long end) throws IOException {
		String text = in.readText(end, MAX_NAME);
		return (text != null) ? text : "";
	}

	private static Tensor tensor(WireInput in, long end) throws IOException {
		var dims = new ArrayList<Long>();
		var listed = new ArrayList<Long>();
		int dataType = 0;
		String name = "";
		long rawLength = -1;
		byte[] raw = null;
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			int wireType = tag & 7;
			switch (field) {
				case 1 -> numbers(in, wireType, end, WireInput.VARINT, dims);
				case 2 ->
					dataType = (wireType == WireInput.VARINT) ? (int) in.readVarint(end) : skip(in, wireType, end);
				case 4 -> numbers(in, wireType, end, WireInput.FIXED32, listed);
				case 5, 7, 11 -> numbers(in, wireType, end, WireInput.VARINT, listed);
				case 10 -> numbers(in, wireType, end, WireInput.FIXED64, listed);
				case 8 -> name = (wireType == WireInput.LENGTH_DELIMITED) ? text(in, end) : name;
				case 9 -> {
					if (wireType == WireInput.LENGTH_DELIMITED) {
						long fieldStart = in.position();
						raw = in.readBytes(end, MAX_VALUES * Long.BYTES);
						rawLength = (raw != null) ? raw.length : in.position() - fieldStart;
					}
					else {
						in.skipValue(wireType, end);
					}
				}
				default -> in.skipValue(wireType, end);
			}
		}
		if (dims.size() > MAX_VALUES) {
			throw new WireFormatException("a tensor of more than " + MAX_VALUES + " dimensions");
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
		long[] values = null;
		if (elements <= MAX_VALUES && size > 0) {
			if (raw != null && raw.length == elements * size) {
				values = rawValues(raw, dataType, (int) elements);
			}
			else if (raw == null && listed.size() == elements) {
				values = listed.stream().mapToLong(Long::longValue).toArray();
			}
		}
		return new Tensor(name, shape, dataType, saturatedMultiply(elements, size), (size > 0) ? rawLength : -1,
				values);
	}

	private static int skip(WireInput in, int wireType, long end) throws IOException {
		in.skipValue(wireType, end);
		return 0;
	}

	/** Little-endian raw_data as integers; null for types that are not numbers. */
	private static long @Nullable [] rawValues(byte[] raw, int dataType, int elements) {
		ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
		long[] values = new long[elements];
		for (int i = 0; i < elements; i++) {
			values[i] = switch (dataType) {
				case 1 -> truncate(buffer.getFloat());
				case 11 -> truncate(buffer.getDouble());
				case 2, 9 -> buffer.get() & 0xff;
				case 3 -> buffer.get();
				case 4 -> buffer.getShort() & 0xffff;
				case 5 -> buffer.getShort();
				case 6 -> buffer.getInt();
				case 12 -> buffer.getInt() & 0xffffffffL;
				case 7, 13 -> buffer.getLong();
				default -> Long.MIN_VALUE;
			};
			if (values[i] == Long.MIN_VALUE) {
				return null;
			}
		}
		return values;
	}

	private static void add(List<Long> values, long value) {
		if (values.size() < MAX_LISTED) {
			values.add(value);
		}
	}

	/** Bytes per element of an ONNX data type; 0 for strings and unknown types. */
	static int elementSize(int dataType) {
		return switch (dataType) {
			case 2, 3, 9, 17, 18, 19, 20 -> 1;
			case 4, 5, 10, 16 -> 2;
			case 1, 6, 12 -> 4;
			case 7, 11, 13, 14 -> 8;
			case 15 -> 16;
			default -> 0;
		};
	}

	static long saturatedMultiply(long a, long b) {
		return (b != 0 && a > Long.MAX_VALUE / b) ? Long.MAX_VALUE : a * b;
	}

	private static long saturatedAdd(long a, long b) {
		return (Long.MAX_VALUE - a < b) ? Long.MAX_VALUE : a + b;
	}

	/**
	 * A model's graphs.
	 *
	 * @param functions its local functions by {@code domain:name}
	 */
	record Model(OnnxGraph main, Map<String, Function> functions) {

	}

}
