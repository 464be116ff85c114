package io.modelhost.engine.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongBinaryOperator;

import io.modelhost.engine.onnx.OnnxGraph.Node;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AllocationScan} knows of one value of a graph: where its values come from
 * and, for small constants it could follow, the values themselves.
 *
 * @param origin where the values come from
 * @param values its values, if it is a constant of at most {@link GraphReader#MAX_VALUES}
 * values the scan could compute, else null
 * @param dims its dimensions, where known (constants only)
 * @param source for {@link Origin#REQUEST}, the request input the values come from; for a
 * constant without values, the operator the scan could not follow
 */
record Flow(Origin origin, long @Nullable [] values, long @Nullable [] dims, String source) {

	/** Bounded by the request's own size: a shape, a size or an index of a tensor. */
	static final Flow BOUNDED = new Flow(Origin.SHAPE, null, null, "");

	/** Operators whose output values are input 0's values, rearranged or selected. */
	private static final Set<String> SELECTING = Set.of("Identity", "Cast", "CastLike", "Unsqueeze", "Squeeze",
			"Flatten", "Reshape", "Transpose", "Gather", "GatherElements", "GatherND", "Slice", "Expand", "Tile",
			"Split", "Compress", "ReverseSequence", "Dropout");

	/** Operators whose output values are positions in, or sizes of, input 0. */
	private static final Set<String> POSITIONS = Set.of("Shape", "Size", "NonZero", "ArgMax", "ArgMin");

	/**
	 * Where the values of a value come from, from safest to least safe; a value computed
	 * from several takes the last.
	 */
	enum Origin {

		/** The model file alone. */
		CONSTANT,
		/** The shape, not the values, of a tensor: bounded by the request's size. */
		SHAPE,
		/** The values of a request input: anything a request sends. */
		REQUEST

	}

	static Flow constant(long @Nullable [] values, long @Nullable [] dims, String source) {
		return new Flow(Origin.CONSTANT, values, dims, source);
	}

	static Flow request(String input) {
		return new Flow(Origin.REQUEST, null, null, input);
	}

	/** The same origin without values: what a loop-carried value may become. */
	Flow opaque(String op) {
		return (this.origin == Origin.CONSTANT) ? constant(null, null, op)
				: new Flow(this.origin, null, null, this.source);
	}

	/** The least safe of some flows (absent inputs ignored); a constant if none. */
	static Flow join(List<@Nullable Flow> flows, String op) {
		Flow worst = null;
		for (Flow flow : flows) {
			if (flow != null && (worst == null || flow.origin.compareTo(worst.origin) > 0)) {
				worst = flow;
			}
		}
		return (worst == null) ? constant(null, null, op) : worst.opaque(op);
	}

	/**
	 * The flow of the outputs of a node without subgraphs, from the flows of its inputs:
	 * constants are folded where the operator is simple enough.
	 */
	static Flow of(Node node, List<@Nullable Flow> in) {
		String op = node.op();
		Flow first = in.isEmpty() ? null : in.getFirst();
		if (op.equals("Constant")) {
			var value = node.value();
			return (value != null) ? constant(value.values(), value.dims(), op) : constant(null, null, op);
		}
		if (first == null) {
			return join(in, op);
		}
		if (POSITIONS.contains(op)) {
			return positions(node, first);
		}
		if (op.equals("ConstantOfShape")) {
			return filled(node, first);
		}
		if (SELECTING.contains(op)) {
			return selected(node, in, first);
		}
		long[] folded = switch (op) {
			case "Concat" -> concat(in);
			case "Add" -> elementwise(in, Math::addExact);
			case "Sub" -> elementwise(in, Math::subtractExact);
			case "Mul" -> elementwise(in, Math::multiplyExact);
			case "Div" -> elementwise(in, Math::divideExact);
			case "Max" -> elementwise(in, Math::max);
			case "Min" -> elementwise(in, Math::min);
			case "Neg" -> elementwise(List.of(first), (a, b) -> Math.negateExact(a));
			case "Abs" -> elementwise(List.of(first), (a, b) -> Math.absExact(a));
			case "Range" -> range(in);
			default -> null;
		};
		Flow joined = join(in, op);
		return (folded != null && joined.origin == Origin.CONSTANT) ? constant(folded, null, op) : joined;
	}

	private static Flow positions(Node node, Flow first) {
		long[] dims = first.dims;
		if (dims != null && node.op().equals("Shape")) {
			int start = clamp(node.intAttribute("start", 0), dims.length);
			int end = clamp(node.intAttribute("end", dims.length), dims.length);
			return constant(Arrays.copyOfRange(dims, start, Math.max(start, end)), null, "Shape");
		}
		if (dims != null && node.op().equals("Size")) {
			return constant(new long[] { Arrays.stream(dims).reduce(1, GraphReader::saturatedMultiply) }, null, "Size");
		}
		// every allocation a tensor's shape came from was checked: its shape is bounded
		return BOUNDED;
	}

	private static int clamp(long axis, int rank) {
		long from = (axis < 0) ? axis + rank : axis;
		return (int) Math.clamp(from, 0, rank);
	}

	private static Flow filled(Node node, Flow shape) {
		long[] dims = shape.values;
		if (dims == null || shape.origin != Origin.CONSTANT) {
			return constant(null, null, "ConstantOfShape");
		}
		long elements = Arrays.stream(dims).reduce(1, GraphReader::saturatedMultiply);
		var fill = node.value();
		long value = (fill != null && fill.values() != null && fill.values().length == 1) ? fill.values()[0] : 0;
		long[] values = (elements >= 0 && elements <= GraphReader.MAX_VALUES) ? new long[(int) elements] : null;
		if (values != null) {
			Arrays.fill(values, value);
		}
		return constant(values, dims, "ConstantOfShape");
	}

	/** Values picked from input 0: bounded by input 0, whatever picks them. */
	private static Flow selected(Node node, List<@Nullable Flow> in, Flow data) {
		if (data.origin != Origin.CONSTANT) {
			return data.opaque(node.op());
		}
		long[] values = data.values;
		if (values == null) {
			return constant(null, null, node.op());
		}
		long[] dims = (data.dims != null
				&& Arrays.stream(data.dims).reduce(1, GraphReader::saturatedMultiply) == values.length) ? data.dims
						: new long[] { values.length };
		return switch (node.op()) {
			case "Identity", "Cast", "CastLike", "Dropout" -> constant(values, dims, node.op());
			case "Unsqueeze", "Squeeze", "Flatten" -> constant(values, null, node.op());
			case "Reshape" -> constant(values, reshaped(dims, valuesOf(in, 1)), node.op());
			case "Gather" -> constant(
					(node.intAttribute("axis", 0) == 0 && dims.length == 1) ? gather(values, valuesOf(in, 1)) : null,
					null, node.op());
			case "Slice" -> sliced(values, dims, in);
			case "Transpose" -> transposed(values, dims, node.ints().get("perm"));
			default -> constant(null, null, node.op());
		};
	}

	/** Reshape's target: 0 keeps the dimension, -1 takes what is left. */
	private static long @Nullable [] reshaped(long[] dims, long @Nullable [] shape) {
		if (shape == null) {
			return null;
		}
		long[] target = shape.clone();
		long total = Arrays.stream(dims).reduce(1, GraphReader::saturatedMultiply);
		long known = 1;
		int inferred = -1;
		for (int i = 0; i < target.length; i++) {
			if (target[i] == 0 && i < dims.length) {
				target[i] = dims[i];
			}
			if (target[i] == -1 && inferred < 0) {
				inferred = i;
			}
			else if (target[i] <= 0) {
				return null;
			}
			else {
				known = GraphReader.saturatedMultiply(known, target[i]);
			}
		}
		if (inferred >= 0) {
			target[inferred] = (known == 0) ? 0 : total / known;
		}
		return (Arrays.stream(target).reduce(1, GraphReader::saturatedMultiply) == total) ? target : null;
	}

	/** Slice of a small constant, any axes and steps (PyTorch writes pads reversed). */
	private static Flow sliced(long[] values, long[] dims, List<@Nullable Flow> in) {
		long[] starts = valuesOf(in, 1);
		long[] ends = valuesOf(in, 2);
		long[] axes = (in.size() > 3 && in.get(3) != null) ? valuesOf(in, 3) : null;
		long[] steps = (in.size() > 4 && in.get(4) != null) ? valuesOf(in, 4) : null;
		boolean absentAxes = in.size() <= 3 || in.get(3) == null;
		boolean absentSteps = in.size() <= 4 || in.get(4) == null;
		if (starts == null || ends == null || starts.length != ends.length || (axes == null && !absentAxes)
				|| (steps == null && !absentSteps)) {
			return constant(null, null, "Slice");
		}
		List<List<Integer>> picked = new ArrayList<>();
		for (long dimension : dims) {
			List<Integer> all = new ArrayList<>();
			for (int i = 0; i < dimension; i++) {
				all.add(i);
			}
			picked.add(all);
		}
		for (int i = 0; i < starts.length; i++) {
			long axis = (axes != null && i < axes.length) ? axes[i] : i;
			axis = (axis < 0) ? axis + dims.length : axis;
			long step = (steps != null && i < steps.length) ? steps[i] : 1;
			if (axis < 0 || axis >= dims.length || step == 0) {
				return constant(null, null, "Slice");
			}
			picked.set((int) axis, range(dims[(int) axis], starts[i], ends[i], step));
		}
		return gathered(values, dims, picked, "Slice");
	}

	/** ONNX Slice's indices along one axis: starts and ends clamped as the step needs. */
	private static List<Integer> range(long dimension, long start, long end, long step) {
		long from = (start < 0) ? start + dimension : start;
		long to = (end < 0) ? end + dimension : end;
		List<Integer> indices = new ArrayList<>();
		if (step > 0) {
			for (long i = Math.clamp(from, 0, dimension); i < Math.clamp(to, 0, dimension); i += step) {
				indices.add((int) i);
			}
		}
		else {
			for (long i = Math.clamp(from, -1, dimension - 1); i > Math.clamp(to, -1, dimension - 1); i += step) {
				indices.add((int) i);
			}
		}
		return indices;
	}

	private static Flow transposed(long[] values, long[] dims, long @Nullable [] perm) {
		long[] order = (perm != null) ? perm : reverse(dims.length);
		if (order.length != dims.length) {
			return constant(null, null, "Transpose");
		}
		long[] target = new long[dims.length];
		for (int i = 0; i < order.length; i++) {
			if (order[i] < 0 || order[i] >= dims.length) {
				return constant(null, null, "Transpose");
			}
			target[i] = dims[(int) order[i]];
		}
		long[] result = new long[values.length];
		int[] index = new int[dims.length];
		for (int flat = 0; flat < values.length; flat++) {
			// index walks the target in row-major order; read the source at the permuted
			// one
			long source = 0;
			for (int axis = 0; axis < dims.length; axis++) {
				source = source * dims[axis] + index[indexOf(order, axis)];
			}
			result[flat] = values[(int) source];
			for (int axis = dims.length - 1; axis >= 0 && ++index[axis] == target[axis]; axis--) {
				index[axis] = 0;
			}
		}
		return constant(result, target, "Transpose");
	}

	private static int indexOf(long[] order, int axis) {
		for (int i = 0; i < order.length; i++) {
			if (order[i] == axis) {
				return i;
			}
		}
		return 0;
	}

	private static long[] reverse(int rank) {
		long[] order = new long[rank];
		for (int i = 0; i < rank; i++) {
			order[i] = rank - 1 - i;
		}
		return order;
	}

	/** The values at every combination of the picked indices, row-major. */
	private static Flow gathered(long[] values, long[] dims, List<List<Integer>> picked, String op) {
		long[] target = picked.stream().mapToLong(List::size).toArray();
		int count = (int) Arrays.stream(target).reduce(1, (a, b) -> a * b);
		long[] result = new long[count];
		int[] index = new int[dims.length];
		for (int flat = 0; flat < count; flat++) {
			long source = 0;
			for (int axis = 0; axis < dims.length; axis++) {
				source = source * dims[axis] + picked.get(axis).get(index[axis]);
			}
			result[flat] = values[(int) source];
			for (int axis = dims.length - 1; axis >= 0 && ++index[axis] == target[axis]; axis--) {
				index[axis] = 0;
			}
		}
		return constant(result, target, op);
	}

	private static long @Nullable [] valuesOf(List<@Nullable Flow> in, int index) {
		Flow flow = (index < in.size()) ? in.get(index) : null;
		return (flow != null && flow.origin == Origin.CONSTANT) ? flow.values : null;
	}

	private static long @Nullable [] gather(long[] data, long @Nullable [] indices) {
		if (indices == null) {
			return null;
		}
		long[] picked = new long[indices.length];
		for (int i = 0; i < indices.length; i++) {
			long index = (indices[i] < 0) ? indices[i] + data.length : indices[i];
			if (index < 0 || index >= data.length) {
				return null;
			}
			picked[i] = data[(int) index];
		}
		return picked;
	}

	private static long @Nullable [] concat(List<@Nullable Flow> in) {
		long[] all = new long[0];
		for (Flow flow : in) {
			if (flow == null || flow.values == null || all.length + flow.values.length > GraphReader.MAX_VALUES) {
				return null;
			}
			long[] next = Arrays.copyOf(all, all.length + flow.values.length);
			System.arraycopy(flow.values, 0, next, all.length, flow.values.length);
			all = next;
		}
		return all;
	}

	/**
	 * Element by element, a single value broadcast; null on overflow or division by 0.
	 */
	private static long @Nullable [] elementwise(List<@Nullable Flow> in, LongBinaryOperator operator) {
		long[] result = null;
		for (Flow flow : in) {
			if (flow == null || flow.values == null) {
				return null;
			}
			if (result == null) {
				result = (in.size() == 1) ? apply(flow.values, flow.values, operator) : flow.values;
				continue;
			}
			result = apply(result, flow.values, operator);
			if (result == null) {
				return null;
			}
		}
		return result;
	}

	private static long @Nullable [] apply(long[] left, long[] right, LongBinaryOperator operator) {
		int length = Math.max(left.length, right.length);
		if ((left.length != length && left.length != 1) || (right.length != length && right.length != 1)) {
			return null;
		}
		long[] result = new long[length];
		try {
			for (int i = 0; i < length; i++) {
				result[i] = operator.applyAsLong(left[(left.length == 1) ? 0 : i], right[(right.length == 1) ? 0 : i]);
			}
		}
		catch (ArithmeticException ex) {
			return null; // overflow or division by zero: not a size the scan can count
		}
		return result;
	}

	private static long @Nullable [] range(List<@Nullable Flow> in) {
		long[] start = valuesOf(in, 0);
		long[] limit = valuesOf(in, 1);
		long[] delta = valuesOf(in, 2);
		double count = AllocationScan.rangeLength(start, limit, delta);
		if (count < 0 || count > GraphReader.MAX_VALUES) {
			return null;
		}
		long[] values = new long[(int) count];
		for (int i = 0; i < values.length; i++) {
			values[i] = start[0] + i * delta[0];
		}
		return values;
	}

}
