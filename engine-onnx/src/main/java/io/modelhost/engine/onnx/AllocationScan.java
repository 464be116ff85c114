package io.modelhost.engine.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;
import io.modelhost.engine.onnx.Flow.Origin;
import io.modelhost.engine.onnx.OnnxGraph.Function;
import io.modelhost.engine.onnx.OnnxGraph.Node;
import io.modelhost.engine.onnx.OnnxGraph.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Decides, from the ONNX file alone, whether any operator could allocate more than a
 * limit: the initializers' declared sizes (see {@link GraphReader}), and every operator
 * whose output size an input decides ({@code ConstantOfShape}, {@code Expand},
 * {@code Tile}, {@code Range}, {@code Resize}, {@code Pad}, {@code OneHot}, a
 * {@code Loop}'s trip count...), in the main graph, in every {@code If}/{@code Loop}/
 * {@code Scan} subgraph and in every model-local function where it is called.
 *
 * <p>
 * Each value is followed from where it comes (see {@link Flow}):
 * <ul>
 * <li>from the <em>values</em> of a request input: a size taken from them is refused as
 * unsafe, because a request of a few bytes ({@code [[100000, 100000]]}) could make ONNX
 * Runtime allocate any amount of memory in the server;</li>
 * <li>from the <em>shape</em> of a tensor ({@code Shape}, {@code Size}, indices):
 * allowed, because every allocation that shaped that tensor was itself checked, so the
 * size is bounded by the request's own size (a {@code Reshape} to {@code [batch, -1]}, an
 * LSTM's initial state);</li>
 * <li>from the file's constants: folded through {@code Concat}, {@code Gather},
 * {@code Slice}, arithmetic, {@code Shape} of a constant and the like, and counted
 * against the limit; a size computed from constants in a way the scan cannot follow is
 * refused (fail closed).</li>
 * </ul>
 * Where an output size also depends on an input the scan cannot see (the tensor being
 * expanded), the count is a lower bound: one byte an element.
 */
final class AllocationScan {

	/** The input positions that decide an operator's output size. */
	private static final Map<String, int[]> SIZE_INPUTS = Map.ofEntries(Map.entry("ConstantOfShape", new int[] { 0 }),
			Map.entry("Expand", new int[] { 1 }), Map.entry("Tile", new int[] { 1 }),
			Map.entry("Range", new int[] { 0, 1, 2 }), Map.entry("Resize", new int[] { 1, 2, 3 }),
			Map.entry("Upsample", new int[] { 1 }), Map.entry("Pad", new int[] { 1 }),
			Map.entry("OneHot", new int[] { 1 }), Map.entry("Loop", new int[] { 0 }),
			Map.entry("CenterCropPad", new int[] { 1 }), Map.entry("Col2Im", new int[] { 1, 2 }),
			Map.entry("MaxUnpool", new int[] { 2 }), Map.entry("DFT", new int[] { 1 }),
			Map.entry("STFT", new int[] { 3 }), Map.entry("HannWindow", new int[] { 0 }),
			Map.entry("HammingWindow", new int[] { 0 }), Map.entry("BlackmanWindow", new int[] { 0 }),
			Map.entry("MelWeightMatrix", new int[] { 0, 1 }));

	/**
	 * How many nodes one scan may evaluate (functions are evaluated at every call):
	 * beyond it the model is refused rather than scanned for minutes.
	 */
	private static final int MAX_EVALUATIONS = 1_000_000;

	private static final String HINT = "Compute sizes from constants or from the shape of an input (Shape(x)), "
			+ "never from the values of an input";

	private final long limit;

	private final Map<String, Function> functions;

	private int evaluations;

	private AllocationScan(long limit, Map<String, Function> functions) {
		this.limit = limit;
		this.functions = functions;
	}

	/**
	 * Refuses a model that declares, or could be made to allocate, more than
	 * {@code limit} bytes.
	 * @throws ModelRejectedException TOO_LARGE naming what is too big and the limit;
	 * UNSAFE naming the node and input whose size a request decides, or that the scan
	 * cannot follow; INVALID for a tensor whose data does not match its dimensions or a
	 * value used before anything computes it
	 * @throws IOException if the file cannot be read or is not well-formed
	 */
	static void check(Path model, long limit) throws IOException {
		GraphReader.Model read = GraphReader.read(model, limit);
		var scan = new AllocationScan(limit, read.functions());
		var scope = new Scope(null);
		for (Tensor initializer : read.main().initializers()) {
			scope.put(initializer.name(), Flow.constant(initializer.values(), initializer.dims(), "initializer"));
		}
		// an initializer that is also a graph input is a default the request may override
		for (String input : read.main().inputs()) {
			scope.put(input, Flow.request(input));
		}
		scan.run(read.main().nodes(), scope, "", true, 0);
	}

	private void run(List<Node> nodes, Scope scope, String where, boolean check, int depth) {
		for (Node node : nodes) {
			if (++this.evaluations > MAX_EVALUATIONS) {
				throw ModelRejectedException.unsupported(Phase.SCAN,
						"The model has more than " + MAX_EVALUATIONS + " nodes, counting subgraphs and function calls",
						null);
			}
			List<@Nullable Flow> in = new ArrayList<>();
			for (String input : node.inputs()) {
				in.add(input.isEmpty() ? null : scope.require(input, node, where));
			}
			if (check) {
				checkSizes(node, in, where);
			}
			List<Flow> out = outputs(node, in, scope, where, check, depth);
			for (int i = 0; i < node.outputs().size(); i++) {
				if (!node.outputs().get(i).isEmpty()) {
					scope.put(node.outputs().get(i), out.get(Math.min(i, out.size() - 1)));
				}
			}
		}
	}

	private List<Flow> outputs(Node node, List<@Nullable Flow> in, Scope scope, String where, boolean check,
			int depth) {
		Function function = this.functions.get(node.domain() + ":" + node.op());
		if (function != null) {
			return call(function, node, in, where, check, depth);
		}
		if (node.graphs().isEmpty()) {
			return List.of(Flow.of(node, in));
		}
		return switch (node.op()) {
			case "If" -> branches(node, scope, where, check, depth);
			case "Loop" -> loop(node, in, scope, where, check, depth);
			default -> iterated(node, in, scope, where, check, depth);
		};
	}

	/**
	 * Each output of an If: either branch's, so the less safe, or the larger constant.
	 */
	private List<Flow> branches(Node node, Scope scope, String where, boolean check, int depth) {
		List<List<Flow>> results = new ArrayList<>();
		for (Map.Entry<String, OnnxGraph> branch : node.graphs().entrySet()) {
			results.add(subgraph(branch, List.of(), node, scope, where, check, depth));
		}
		List<Flow> out = new ArrayList<>();
		for (int i = 0; i < node.outputs().size(); i++) {
			int output = i;
			List<@Nullable Flow> candidates = new ArrayList<>(
					results.stream().map(flows -> (output < flows.size()) ? flows.get(output) : null).toList());
			Flow larger = null;
			for (Flow candidate : candidates) {
				if (candidate == null || candidate.origin() != Origin.CONSTANT || candidate.values() == null) {
					larger = null;
					break;
				}
				if (larger == null || elements(candidate.values()) > elements(larger.values())) {
					larger = candidate;
				}
			}
			out.add((larger != null) ? larger : Flow.join(candidates, "If"));
		}
		return out;
	}

	/**
	 * A Loop: its body sees the iteration number (bounded by the trip count, itself a
	 * checked size input), the condition and the loop-carried values, which may take the
	 * body's results: those are raised until nothing changes.
	 */
	private List<Flow> loop(Node node, List<@Nullable Flow> in, Scope scope, String where, boolean check, int depth) {
		Flow trips = in.isEmpty() ? null : in.getFirst();
		List<Flow> formal = new ArrayList<>();
		formal.add((trips != null && trips.origin() == Origin.REQUEST) ? trips.opaque("Loop") : Flow.BOUNDED);
		for (int i = 1; i < in.size(); i++) {
			Flow flow = in.get(i);
			formal.add((flow != null) ? flow.opaque("Loop") : Flow.constant(null, null, "Loop"));
		}
		return carried(node, formal, 2, scope, where, check, depth);
	}

	/**
	 * Scan, and any other operator with a subgraph: each formal input of the body takes
	 * the node input at the same position counted from the end (Scan's states then scan
	 * inputs), or the least safe of all inputs.
	 */
	private List<Flow> iterated(Node node, List<@Nullable Flow> in, Scope scope, String where, boolean check,
			int depth) {
		List<Flow> formal = new ArrayList<>();
		OnnxGraph body = node.graphs().values().iterator().next();
		Flow all = Flow.join(in, node.op());
		int offset = in.size() - body.inputs().size();
		for (int i = 0; i < body.inputs().size(); i++) {
			Flow flow = (offset >= 0 && node.graphs().size() == 1) ? in.get(offset + i) : all;
			formal.add((flow != null) ? flow.opaque(node.op()) : Flow.constant(null, null, node.op()));
		}
		return carried(node, formal, 0, scope, where, check, depth);
	}

	/**
	 * Runs a node's subgraphs over {@code formal} inputs; from {@code firstCarried} on,
	 * an input that the body returns at the same position (one earlier for Loop, whose
	 * body returns no iteration number) takes the less safe of the two, until stable.
	 */
	private List<Flow> carried(Node node, List<Flow> formal, int firstCarried, Scope scope, String where, boolean check,
			int depth) {
		int shift = (firstCarried == 2) ? 1 : 0;
		List<Flow> results = List.of();
		for (int round = 0; round <= Origin.values().length; round++) {
			boolean changed = false;
			for (Map.Entry<String, OnnxGraph> graph : node.graphs().entrySet()) {
				results = subgraph(graph, formal, node, scope, where, false, depth);
				for (int i = firstCarried; i < formal.size() && i - shift < results.size(); i++) {
					Flow raised = Flow.join(List.of(formal.get(i), results.get(i - shift)), node.op());
					if (raised.origin() != formal.get(i).origin()) {
						formal.set(i, raised);
						changed = true;
					}
				}
			}
			if (!changed) {
				break;
			}
		}
		for (Map.Entry<String, OnnxGraph> graph : node.graphs().entrySet()) {
			results = subgraph(graph, formal, node, scope, where, check, depth);
		}
		List<Flow> out = new ArrayList<>();
		for (int i = 0; i < Math.max(node.outputs().size(), 1); i++) {
			int result = i + shift;
			Flow flow = (result < results.size()) ? results.get(result) : Flow.constant(null, null, node.op());
			Flow initial = (firstCarried + i < formal.size()) ? formal.get(firstCarried + i) : null;
			out.add(Flow.join(Arrays.asList(flow, initial), node.op()));
		}
		return out;
	}

	private List<Flow> subgraph(Map.Entry<String, OnnxGraph> graph, List<Flow> formal, Node node, Scope outer,
			String where, boolean check, int depth) {
		var scope = new Scope(outer);
		OnnxGraph body = graph.getValue();
		for (Tensor initializer : body.initializers()) {
			scope.put(initializer.name(), Flow.constant(initializer.values(), initializer.dims(), "initializer"));
		}
		for (int i = 0; i < body.inputs().size(); i++) {
			scope.put(body.inputs().get(i), (i < formal.size()) ? formal.get(i) : Flow.BOUNDED);
		}
		String inner = " in the " + SafeText.clean(graph.getKey()) + " of node " + node.describe() + where;
		run(body.nodes(), scope, inner, check, depth + 1);
		return body.outputs().stream().map(output -> scope.require(output, node, inner)).toList();
	}

	/**
	 * A model-local function, evaluated where it is called, as ONNX Runtime inlines it.
	 */
	private List<Flow> call(Function function, Node node, List<@Nullable Flow> in, String where, boolean check,
			int depth) {
		if (depth >= ExternalDataScan.MAX_DEPTH) {
			// ONNX forbids recursion; a file that recurses is refused, not followed
			// forever
			throw ModelRejectedException.unsupported(Phase.SCAN,
					"Functions call each other more than " + ExternalDataScan.MAX_DEPTH + " deep", null);
		}
		var scope = new Scope(null);
		for (int i = 0; i < function.inputs().size(); i++) {
			Flow flow = (i < in.size()) ? in.get(i) : null;
			scope.put(function.inputs().get(i), (flow != null) ? flow : Flow.constant(null, null, node.op()));
		}
		String inner = " in function '" + SafeText.clean(function.name()) + "' called by node " + node.describe()
				+ where;
		run(function.nodes(), scope, inner, check, depth + 1);
		return function.outputs().stream().map(output -> scope.require(output, node, inner)).toList();
	}

	private void checkSizes(Node node, List<@Nullable Flow> in, String where) {
		int[] positions = SIZE_INPUTS.get(node.op());
		if (positions == null || this.functions.containsKey(node.domain() + ":" + node.op())) {
			return;
		}
		for (int position : positions) {
			Flow flow = (position < in.size()) ? in.get(position) : null;
			if (flow == null || flow.origin() == Origin.SHAPE) {
				continue;
			}
			String input = "input " + position + " ('" + SafeText.clean(node.inputs().get(position)) + "')";
			if (flow.origin() == Origin.REQUEST) {
				throw ModelRejectedException
					.unsafe("Node " + node.describe() + where + " takes its output size from " + input
							+ ", which is computed from the values of request input '" + SafeText.clean(flow.source())
							+ "': a request of a few bytes could make it allocate any " + "amount of memory", List.of(),
							HINT);
			}
			if (flow.values() == null) {
				throw ModelRejectedException.unsafe("Node " + node.describe() + where + " takes its output size from "
						+ input + ", which is computed from constants by an operator the scan does not follow ("
						+ SafeText.clean(flow.source()) + "), so its size cannot be checked", List.of(), HINT);
			}
		}
		long bytes = constantBytes(node, in);
		if (bytes > this.limit) {
			throw ModelRejectedException.tooLarge(Phase.SCAN,
					"Node " + node.describe() + where + " would allocate at least " + bytes
							+ " bytes from constant sizes, more than the limit of " + this.limit + " bytes");
		}
	}

	/** A lower bound of what a node allocates, from the constant sizes it takes. */
	private static long constantBytes(Node node, List<@Nullable Flow> in) {
		return switch (node.op()) {
			case "ConstantOfShape" -> {
				Tensor fill = node.value();
				int size = (fill != null) ? GraphReader.elementSize(fill.dataType()) : 0;
				yield GraphReader.saturatedMultiply(elements(valuesOf(in, 0)), (size > 0) ? size : Float.BYTES);
			}
			case "Expand", "Tile" -> elements(valuesOf(in, 1));
			case "Resize" -> (in.size() > 3) ? elements(valuesOf(in, 3)) : 0;
			case "OneHot" -> elements(valuesOf(in, 1));
			case "Pad" -> padded(valuesOf(in, 1));
			case "HannWindow", "HammingWindow", "BlackmanWindow" ->
				GraphReader.saturatedMultiply(elements(valuesOf(in, 0)), Float.BYTES);
			case "Range" -> {
				double length = rangeLength(valuesOf(in, 0), valuesOf(in, 1), valuesOf(in, 2));
				yield (length <= 0) ? 0 : (long) Math.min(length * Long.BYTES, Long.MAX_VALUE);
			}
			default -> 0;
		};
	}

	/**
	 * Each axis of a padded tensor is at least its pads before and after: their product
	 * is a lower bound (0 where an axis is not padded).
	 */
	private static long padded(long @Nullable [] pads) {
		if (pads == null || pads.length % 2 != 0) {
			return 0;
		}
		int rank = pads.length / 2;
		long elements = 1;
		for (int axis = 0; axis < rank; axis++) {
			elements = GraphReader.saturatedMultiply(elements, Math.max(pads[axis] + pads[axis + rank], 0));
		}
		return elements;
	}

	private static long @Nullable [] valuesOf(List<@Nullable Flow> in, int index) {
		Flow flow = (index < in.size()) ? in.get(index) : null;
		return (flow != null) ? flow.values() : null;
	}

	/** The product of some dimensions, negative ones as 0; 0 for none known. */
	private static long elements(long @Nullable [] dims) {
		if (dims == null) {
			return 0;
		}
		long elements = 1;
		for (long dimension : dims) {
			elements = GraphReader.saturatedMultiply(elements, Math.max(dimension, 0));
		}
		return elements;
	}

	/**
	 * How many values {@code Range} makes of scalars; -1 if any is unknown or delta is 0.
	 */
	static double rangeLength(long @Nullable [] start, long @Nullable [] limit, long @Nullable [] delta) {
		if (start == null || limit == null || delta == null || start.length != 1 || limit.length != 1
				|| delta.length != 1 || delta[0] == 0) {
			return -1;
		}
		return Math.max(Math.ceil(((double) limit[0] - start[0]) / delta[0]), 0);
	}

	/** The values visible in one graph: its own, then those of the graphs around it. */
	private static final class Scope {

		private final @Nullable Scope outer;

		private final Map<String, Flow> flows = new HashMap<>();

		Scope(@Nullable Scope outer) {
			this.outer = outer;
		}

		void put(String name, Flow flow) {
			this.flows.put(name, flow);
		}

		/** ONNX requires nodes in topological order: a name used first is refused. */
		Flow require(String name, Node node, String where) {
			for (Scope scope = this; scope != null; scope = scope.outer) {
				Flow flow = scope.flows.get(name);
				if (flow != null) {
					return flow;
				}
			}
			throw ModelRejectedException.invalid(Phase.SCAN,
					"Node " + node.describe() + where + " uses '" + SafeText.clean(name)
							+ "' before anything computes it",
					"Save the graph in topological order; onnx.checker.check_model should accept it", null);
		}

	}

}
