package io.modelhost.engine.keras;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One layer's entry in a Keras {@code model_config}: its class, its name and its
 * settings, read with messages that name the layer when a setting is missing or
 * unsupported.
 *
 * @param className the Keras class, e.g. {@code Dense}
 * @param name the layer's name in the model, e.g. {@code dense_1}
 * @param config the layer's settings
 */
record LayerConfig(String className, String name, JsonNode config) {

	/** Reads a {@code {"class_name": ..., "config": {...}}} entry. */
	static LayerConfig of(JsonNode layer) {
		String className = layer.path("class_name").asString("");
		JsonNode config = layer.path("config");
		String name = config.path("name").asString(layer.path("name").asString(""));
		// Keras 2.0 wrote a Sequential's config as the bare list of its layers
		boolean bareSequential = className.equals("Sequential") && config.isArray();
		if (className.isEmpty() || !(config.isObject() || bareSequential)) {
			throw ModelRejectedException.invalid(Phase.LOAD,
					"The model_config holds a layer without class_name or config: the file is damaged", null, null);
		}
		return new LayerConfig(className, name, config);
	}

	/** A required whole number. */
	int integer(String key) {
		JsonNode value = this.config.path(key);
		if (!value.isIntegralNumber()) {
			throw invalid("setting '" + key + "' is missing or not a whole number");
		}
		return value.intValue();
	}

	/** A whole number, or the default when absent or null. */
	int integer(String key, int defaultValue) {
		JsonNode value = this.config.path(key);
		return value.isMissingNode() || value.isNull() ? defaultValue : integer(key);
	}

	/** A number, or the default when absent or null. */
	double number(String key, double defaultValue) {
		JsonNode value = this.config.path(key);
		if (value.isMissingNode() || value.isNull()) {
			return defaultValue;
		}
		if (!value.isNumber()) {
			throw invalid("setting '" + key + "' is not a number");
		}
		return value.doubleValue();
	}

	/** A number, or null when absent or null. */
	@Nullable Double optionalNumber(String key) {
		JsonNode value = this.config.path(key);
		return value.isMissingNode() || value.isNull() ? null : number(key, 0);
	}

	/** A boolean, or the default when absent or null. */
	boolean flag(String key, boolean defaultValue) {
		JsonNode value = this.config.path(key);
		return value.isBoolean() ? value.booleanValue() : defaultValue;
	}

	/** A string, or the default when absent or null. */
	String text(String key, String defaultValue) {
		JsonNode value = this.config.path(key);
		return value.isString() ? value.stringValue() : defaultValue;
	}

	/**
	 * A tuple of {@code rank} whole numbers, written as a list or as one number that
	 * stands for all of them; the default when absent or null.
	 */
	int[] integers(String key, int rank, int @Nullable [] defaultValue) {
		JsonNode value = this.config.path(key);
		if (value.isMissingNode() || value.isNull()) {
			if (defaultValue == null) {
				throw invalid("setting '" + key + "' is missing");
			}
			return defaultValue;
		}
		int[] values = new int[rank];
		if (value.isIntegralNumber()) {
			java.util.Arrays.fill(values, value.intValue());
			return values;
		}
		if (!value.isArray() || value.size() != rank) {
			throw invalid("setting '" + key + "' should hold " + rank + " whole numbers");
		}
		for (int i = 0; i < rank; i++) {
			if (!value.get(i).isIntegralNumber()) {
				throw invalid("setting '" + key + "' should hold whole numbers");
			}
			values[i] = value.get(i).intValue();
		}
		return values;
	}

	/** An activation function named by a setting ({@code linear} when absent). */
	Activation activation(String key) {
		JsonNode value = this.config.path(key);
		if (value.isMissingNode() || value.isNull()) {
			return Activation.LINEAR;
		}
		String name = value.isString() ? value.stringValue() : value.path("class_name").asString("");
		if (value.isObject() && value.path("config").isString()) {
			// Keras 2.13+ may write {"class_name": "function", "config": "relu"}
			name = value.path("config").stringValue();
		}
		String named = name;
		return Activation.named(named)
			.orElseThrow(() -> unsupported("activation '" + named + "' is not supported",
					"Supported activations: " + Activation.names()));
	}

	/** Refuses {@code data_format = channels_first}. */
	void requireChannelsLast() {
		String format = text("data_format", "channels_last");
		if (!format.equals("channels_last")) {
			throw unsupported("data_format '" + format + "' is not supported; only channels_last is",
					"Build the model with data_format='channels_last' (the Keras default on CPU)");
		}
	}

	/** Refuses a setting the interpreter does not implement. */
	void refuse(boolean condition, String what) {
		if (condition) {
			throw unsupported(what + " is not supported", null);
		}
	}

	/** A broken or inconsistent layer. */
	ModelRejectedException invalid(String detail) {
		return ModelRejectedException.invalid(Phase.LOAD, describe() + ": " + detail,
				"Check that the file loads in Keras with keras.models.load_model", null);
	}

	/** A layer feature the interpreter does not implement. */
	ModelRejectedException unsupported(String detail, @Nullable String hint) {
		return ModelRejectedException.unsupported(Phase.VALIDATE, describe() + ": " + detail,
				hint != null ? hint : "Convert the model to ONNX (python -m tf2onnx.convert --keras model.h5) "
						+ "and upload the .onnx file");
	}

	/** The layer in words, e.g. {@code layer 'dense_1' (Dense)}. */
	String describe() {
		return "layer '" + SafeName.of(this.name) + "' (" + SafeName.of(this.className) + ")";
	}

}
