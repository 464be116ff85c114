package io.modelhost.engine.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Builds a {@link ModelGraph} from a checked {@code model_config} (see
 * {@link ConfigScan}): Sequential models as a chain, functional models from their
 * {@code inbound_nodes}, nested models recursively. Shapes are inferred call by call, so
 * a layer that cannot take its input is refused here, naming it, before anything runs.
 */
final class GraphReader {

	/** The most layer calls one model may make, nested models included. */
	static final int MAX_STEPS = 10_000;

	private static final String HINT = "Check that the file loads in Keras with keras.models.load_model";

	private final WeightSource weights;

	private final int depth;

	private final List<ModelGraph.Step> steps = new ArrayList<>();

	private final List<int[]> slotShapes = new ArrayList<>();

	/** Values one example holds across the slots so far, nested models included. */
	private long exampleElements;

	/** Layers built so far, by name: a layer called twice shares its weights. */
	private final Map<String, Layer> built = new HashMap<>();

	private GraphReader(WeightSource weights, int depth) {
		this.weights = weights;
		this.depth = depth;
	}

	/**
	 * Builds the graph of a whole model.
	 * @param model the {@code model_config}, already checked by {@link ConfigScan}
	 * @param weights where each top-level layer's weights are found
	 */
	static ModelGraph read(JsonNode model, WeightSource weights) {
		return new GraphReader(weights, 0).container(model, null);
	}

	private ModelGraph container(JsonNode model, @Nullable List<int[]> given) {
		LayerConfig config = LayerConfig.of(model);
		return config.className().equals("Sequential") ? sequential(model, config, given)
				: functional(model, config, given);
	}

	private ModelGraph sequential(JsonNode model, LayerConfig config, @Nullable List<int[]> given) {
		List<JsonNode> layers = ConfigScan.layersOf(model);
		if (layers.isEmpty()) {
			throw config.invalid("the Sequential model has no layers");
		}
		LayerConfig first = LayerConfig.of(layers.getFirst());
		boolean explicitInput = first.className().equals("InputLayer");
		String inputName = explicitInput ? first.name() : first.name() + "_input";
		int[] shape = inputShape(first, (given != null) ? given.getFirst() : null);
		int slot = newSlot(shape);
		var input = new ModelGraph.Input(inputName, shape, slot);
		String last = inputName;
		for (JsonNode layer : layers.subList(explicitInput ? 1 : 0, layers.size())) {
			LayerConfig layerConfig = LayerConfig.of(layer);
			slot = call(layerConfig, layer, new int[] { slot });
			last = layerConfig.name();
		}
		var output = new ModelGraph.Output(last, this.slotShapes.get(slot), slot);
		return new ModelGraph(List.of(input), this.steps, List.of(output), this.slotShapes.size(),
				this.exampleElements);
	}

	private ModelGraph functional(JsonNode model, LayerConfig config, @Nullable List<int[]> given) {
		Map<String, JsonNode> layersByName = new HashMap<>();
		for (JsonNode layer : ConfigScan.layersOf(model)) {
			layersByName.put(LayerConfig.of(layer).name(), layer);
		}
		Map<String, Integer> produced = new HashMap<>();
		var inputs = new ArrayList<ModelGraph.Input>();
		JsonNode inputLayers = config.config().path("input_layers");
		for (int i = 0; i < inputLayers.size(); i++) {
			String name = inputLayers.get(i).path(0).asString("");
			JsonNode layer = layersByName.get(name);
			if (layer == null || !LayerConfig.of(layer).className().equals("InputLayer")) {
				throw config.invalid("input '" + SafeName.of(name) + "' is not an InputLayer of the model");
			}
			int[] shape = inputShape(LayerConfig.of(layer), (given != null && i < given.size()) ? given.get(i) : null);
			int slot = newSlot(shape);
			inputs.add(new ModelGraph.Input(name, shape, slot));
			produced.put(name + "#0", slot);
		}
		if (inputs.isEmpty() || (given != null && given.size() != inputs.size())) {
			throw config.invalid("the model's inputs do not match how it is called");
		}
		resolveCalls(config, ConfigScan.layersOf(model), produced);
		var outputs = new ArrayList<ModelGraph.Output>();
		Set<String> names = new HashSet<>();
		for (JsonNode entry : config.config().path("output_layers")) {
			String key = reference(config, entry);
			Integer slot = produced.get(key);
			if (slot == null) {
				throw config.invalid("output '" + SafeName.of(key) + "' is not computed by any layer");
			}
			String name = entry.path(0).asString("");
			String unique = names.add(name) ? name : key.replace('#', '_');
			names.add(unique);
			outputs.add(new ModelGraph.Output(unique, this.slotShapes.get(slot), slot));
		}
		if (outputs.isEmpty()) {
			throw config.invalid("the model has no outputs");
		}
		return new ModelGraph(inputs, this.steps, outputs, this.slotShapes.size(), this.exampleElements);
	}

	/**
	 * Adds every call of every layer once the tensors it takes exist; Keras lists layers
	 * in an order where that holds, but shared layers can be called later again.
	 */
	private void resolveCalls(LayerConfig model, List<JsonNode> layers, Map<String, Integer> produced) {
		var pending = new ArrayList<PendingCall>();
		for (JsonNode layer : layers) {
			LayerConfig config = LayerConfig.of(layer);
			if (config.className().equals("InputLayer")) {
				continue;
			}
			JsonNode nodes = layer.path("inbound_nodes");
			for (int n = 0; n < nodes.size(); n++) {
				if (!nodes.get(n).isArray()) {
					throw config.unsupported("the config is in the Keras 3 format, which is not supported",
							"Save the model with Keras 2 (tf.keras) as .h5, or convert it to ONNX");
				}
				pending.add(new PendingCall(layer, config, n, nodes.get(n)));
			}
		}
		boolean progress = true;
		while (!pending.isEmpty() && progress) {
			progress = false;
			for (var iterator = pending.iterator(); iterator.hasNext();) {
				PendingCall call = iterator.next();
				int[] inputSlots = new int[call.node().size()];
				boolean ready = true;
				for (int i = 0; i < inputSlots.length && ready; i++) {
					Integer slot = produced.get(reference(call.config(), call.node().get(i)));
					ready = slot != null;
					inputSlots[i] = ready ? slot : -1;
				}
				if (ready) {
					produced.put(call.config().name() + "#" + call.index(),
							call(call.config(), call.layer(), inputSlots));
					iterator.remove();
					progress = true;
				}
			}
		}
		if (!pending.isEmpty()) {
			throw pending.getFirst().config().invalid("takes a tensor that no layer of the model computes");
		}
	}

	/** {@code [layer, node, tensor, kwargs]} as {@code layer#node}; only tensor 0. */
	private static String reference(LayerConfig layer, JsonNode entry) {
		if (!entry.isArray() || entry.size() < 3 || !entry.get(0).isString()) {
			throw layer.invalid("has a malformed inbound node");
		}
		if (entry.get(2).asInt(0) != 0) {
			throw layer.unsupported("takes output " + entry.get(2).asInt(0) + " of layer '"
					+ SafeName.of(entry.get(0).stringValue()) + "'; layers with several outputs are not supported",
					null);
		}
		return entry.get(0).stringValue() + "#" + entry.get(1).asInt(0);
	}

	/** Adds one call of a layer on the given tensors; returns the slot of its output. */
	private int call(LayerConfig config, JsonNode layer, int[] inputSlots) {
		if (this.steps.size() >= MAX_STEPS) {
			throw config.unsupported("the model makes more than " + MAX_STEPS + " layer calls", null);
		}
		var inputShapes = new ArrayList<int[]>();
		for (int slot : inputSlots) {
			inputShapes.add(this.slotShapes.get(slot));
		}
		Layer instance = this.built.get(config.name());
		if (instance == null) {
			instance = build(config, layer, inputShapes);
			this.built.put(config.name(), instance);
		}
		int[] shape;
		try {
			shape = instance.outputShape(inputShapes);
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw config.invalid(ex.getMessage());
		}
		if (Shapes.product(shape) > JsonShape.MAX_EXAMPLE_ELEMENTS) {
			throw ModelRejectedException.tooLarge(Phase.VALIDATE, config.describe() + " gives " + Shapes.text(shape)
					+ ", more than " + JsonShape.MAX_EXAMPLE_ELEMENTS + " values per example");
		}
		if (instance instanceof NestedModel nested) {
			// each call runs the inner graph, whose slots live as long as the call
			this.exampleElements += nested.graph().exampleElements();
		}
		int slot = newSlot(shape);
		this.steps.add(new ModelGraph.Step(config.name(), instance, inputSlots, slot));
		return slot;
	}

	private Layer build(LayerConfig config, JsonNode layer, List<int[]> inputShapes) {
		if (!LayerCatalog.CONTAINERS.contains(config.className())) {
			return LayerCatalog.create(config, this.weights.of(config));
		}
		if (this.depth >= ConfigScan.MAX_DEPTH) {
			throw config.unsupported("models nest deeper than " + ConfigScan.MAX_DEPTH + " levels", null);
		}
		LayerWeights inner = this.weights.of(config);
		WeightSource source = (innerLayer) -> LayerCatalog.CONTAINERS.contains(innerLayer.className()) ? inner
				: inner.forLayer(innerLayer.name(), innerLayer.describe());
		ModelGraph graph = new GraphReader(source, this.depth + 1).container(layer, inputShapes);
		if (graph.outputs().size() != 1) {
			throw config.unsupported("a nested model with several outputs is not supported", null);
		}
		return new NestedModel(graph);
	}

	/**
	 * The shape an input layer (or a Sequential's first layer) declares, or the one it is
	 * called with when nested; the batch dimension is left out.
	 */
	private static int[] inputShape(LayerConfig config, int @Nullable [] given) {
		config.refuse(config.flag("sparse", false), "a sparse input");
		config.refuse(config.flag("ragged", false), "a ragged input");
		JsonNode declared = config.config().path("batch_input_shape");
		if (declared.isMissingNode() || declared.isNull()) {
			declared = config.config().path("batch_shape");
		}
		JsonShape shape = JsonShape.parse(declared);
		if (shape != null && shape.dimensions().length < 2) {
			throw config.invalid("declares an input shape without a feature dimension");
		}
		int[] example = (shape != null) ? java.util.Arrays.copyOfRange(shape.dimensions(), 1, shape.dimensions().length)
				: null;
		if (given != null) {
			if (example != null && !Shapes.compatible(example, given)) {
				throw config
					.invalid("declares input shape " + Shapes.text(example) + " but is given " + Shapes.text(given));
			}
			return given;
		}
		if (example == null) {
			throw ModelRejectedException.invalid(Phase.LOAD,
					config.describe() + ": the model does not declare the shape of its input", HINT, null);
		}
		return example;
	}

	private int newSlot(int[] shape) {
		long elements = 1;
		for (int dimension : shape) {
			elements *= Math.max(dimension, 1); // at most MAX_EXAMPLE_ELEMENTS, checked
												// by call
		}
		this.exampleElements += elements;
		this.slotShapes.add(shape);
		return this.slotShapes.size() - 1;
	}

	/** Where a layer's weights are found. */
	@FunctionalInterface
	interface WeightSource {

		LayerWeights of(LayerConfig layer);

	}

	private record PendingCall(JsonNode layer, LayerConfig config, int index, JsonNode node) {

	}

}
