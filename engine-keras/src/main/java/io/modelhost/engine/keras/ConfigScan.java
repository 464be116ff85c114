package io.modelhost.engine.keras;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import tools.jackson.databind.JsonNode;

/**
 * Checks a whole {@code model_config} before anything is built from it.
 *
 * <p>
 * First, anywhere in the JSON, at any depth: a {@code Lambda} layer holds Python code
 * (marshalled bytecode or source), so the model is refused as unsafe, naming every such
 * layer, even though this engine would never run it. Then the layers of every model,
 * nested models and wrapped layers included: each must be a Keras layer this engine
 * supports; a custom class (one Keras does not ship, or registered from another module)
 * is refused as unsupported, naming it.
 */
final class ConfigScan {

	/** How deeply models may nest inside models. */
	static final int MAX_DEPTH = 32;

	private static final String CONVERT_HINT = "Convert the model to ONNX (python -m tf2onnx.convert --keras model.h5)"
			+ " and upload the .onnx file";

	private ConfigScan() {
	}

	/**
	 * @param modelConfig the parsed {@code model_config} attribute
	 * @throws ModelRejectedException if a Lambda layer or an unsupported or custom layer
	 * is found
	 */
	static void check(JsonNode modelConfig) {
		var lambdas = new ArrayList<String>();
		findLambdas(modelConfig, lambdas);
		if (!lambdas.isEmpty()) {
			String first = lambdas.getFirst().substring("Lambda:".length());
			String reason = "The model's layer '" + first + "' is a Lambda layer, which holds Python code"
					+ ((lambdas.size() > 1) ? " (" + lambdas.size() + " Lambda layers in all)" : "")
					+ "; models with code are never loaded";
			throw ModelRejectedException.unsafe(reason, lambdas,
					"Replace each Lambda with built-in Keras layers and save again with model.save('model.h5'), "
							+ "or convert the model to ONNX (python -m tf2onnx.convert --keras model.h5)");
		}
		checkContainer(modelConfig, 0);
	}

	/** Every object anywhere whose class is {@code Lambda}, as {@code Lambda:<name>}. */
	private static void findLambdas(JsonNode node, List<String> found) {
		if (node.isObject()) {
			String className = node.path("class_name").asString("");
			if (className.equals("Lambda") || className.equals("__lambda__")) {
				String name = node.path("config").path("name").asString(node.path("name").asString("?"));
				found.add("Lambda:" + SafeName.of(name));
			}
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				findLambdas(entry.getValue(), found);
			}
		}
		else if (node.isArray()) {
			for (JsonNode child : node) {
				findLambdas(child, found);
			}
		}
	}

	private static void checkContainer(JsonNode model, int depth) {
		LayerConfig container = LayerConfig.of(model);
		if (!LayerCatalog.CONTAINERS.contains(container.className())) {
			throw ModelRejectedException.unsupported(Phase.VALIDATE,
					"The model is a " + SafeName.of(container.className())
							+ ", not a Sequential or functional Keras model",
					"Save a Sequential or functional model with model.save('model.h5')");
		}
		if (depth > MAX_DEPTH) {
			throw container.unsupported("models nest deeper than " + MAX_DEPTH + " levels", null);
		}
		for (JsonNode layer : layersOf(model)) {
			checkLayer(layer, depth);
		}
	}

	private static void checkLayer(JsonNode layer, int depth) {
		LayerConfig config = LayerConfig.of(layer);
		refuseCustom(layer, config);
		if (LayerCatalog.CONTAINERS.contains(config.className())) {
			checkContainer(layer, depth + 1);
		}
		else if (LayerCatalog.WRAPPERS.contains(config.className())) {
			checkLayer(config.config().path("layer"), depth + 1);
			JsonNode backward = config.config().path("backward_layer");
			if (backward.isObject()) {
				checkLayer(backward, depth + 1);
			}
		}
		else if (!LayerCatalog.supports(config.className())) {
			throw config.unsupported("this layer is not supported",
					"Supported layers: " + LayerCatalog.supportedNames()
							+ ". Or convert the model to ONNX (python -m tf2onnx.convert "
							+ "--keras model.h5) and upload the .onnx file");
		}
	}

	/**
	 * Keras 2.13+ and 3 name where a class comes from: {@code module} (such as
	 * {@code keras.layers}) and {@code registered_name} ({@code package>Class} for custom
	 * objects). Anything outside Keras is custom code.
	 */
	private static void refuseCustom(JsonNode layer, LayerConfig config) {
		JsonNode module = layer.path("module");
		JsonNode registered = layer.path("registered_name");
		boolean foreignModule = module.isString() && !isKerasModule(module.stringValue());
		boolean customRegistration = registered.isString() && !registered.stringValue().equals(config.className());
		if (foreignModule || customRegistration || !LayerCatalog.isKerasLayer(config.className())) {
			String origin = foreignModule ? " from module '" + SafeName.of(module.stringValue()) + "'" : "";
			throw ModelRejectedException.unsupported(Phase.VALIDATE,
					"The model's layer '" + SafeName.of(config.name()) + "' is of class '"
							+ SafeName.of(config.className()) + "'" + origin
							+ ", which is not a built-in Keras layer; custom layers need their Python code and are "
							+ "not supported",
					CONVERT_HINT);
		}
	}

	private static boolean isKerasModule(String module) {
		return module.equals("keras") || module.startsWith("keras.") || module.startsWith("tf_keras.")
				|| module.startsWith("tensorflow.python.keras.") || module.startsWith("tensorflow.keras.");
	}

	/**
	 * The layers of a Sequential or functional model: {@code config.layers}, or in Keras
	 * 2.0's Sequential format the config itself.
	 */
	static List<JsonNode> layersOf(JsonNode model) {
		JsonNode config = model.path("config");
		JsonNode layers = config.isArray() ? config : config.path("layers");
		if (!layers.isArray()) {
			throw ModelRejectedException.invalid(Phase.LOAD, "The model_config lists no layers",
					"Check that the file loads in Keras with keras.models.load_model", null);
		}
		var list = new ArrayList<JsonNode>();
		layers.forEach(list::add);
		return list;
	}

}
