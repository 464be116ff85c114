package io.modelhost.engine.keras;

import tools.jackson.databind.JsonNode;

/**
 * A shape as a Keras config writes it: a list of whole numbers with {@code null} for an
 * unknown size, which becomes {@code -1}.
 *
 * @param dimensions the sizes, {@code -1} where unknown
 */
record JsonShape(int[] dimensions) {

	/** The most elements the interpreter accepts in one example of any tensor. */
	static final int MAX_EXAMPLE_ELEMENTS = 1 << 28;

	/** Reads a required shape setting of a layer. */
	static JsonShape of(LayerConfig config, String key) {
		JsonShape shape = parse(config.config().path(key));
		if (shape == null) {
			throw config.invalid("setting '" + key + "' is missing or is not a list of sizes");
		}
		return shape;
	}

	/** Parses a list of sizes and nulls, or returns null if the node is not one. */
	static @org.jspecify.annotations.Nullable JsonShape parse(JsonNode node) {
		if (!node.isArray()) {
			return null;
		}
		int[] dimensions = new int[node.size()];
		for (int i = 0; i < dimensions.length; i++) {
			JsonNode value = node.get(i);
			if (value.isNull()) {
				dimensions[i] = -1;
			}
			else if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= -1
					&& value.intValue() <= MAX_EXAMPLE_ELEMENTS) {
				dimensions[i] = value.intValue();
			}
			else {
				return null;
			}
		}
		return new JsonShape(dimensions);
	}

}
