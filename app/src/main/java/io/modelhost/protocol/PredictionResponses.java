package io.modelhost.protocol;

import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.Tensor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a prediction into the response body: {@code predictions} (one per row or
 * example), {@code probabilities} and {@code classes} for classifiers that give them, and
 * {@code outputs} keyed by name for tensor models with several outputs.
 */
public final class PredictionResponses {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private PredictionResponses() {
	}

	/** The body's prediction fields; the caller adds model id, version and latency. */
	public static ObjectNode encode(Prediction prediction, ModelSignature signature) {
		ObjectNode body = NODES.objectNode();
		switch (prediction) {
			case Prediction.Values values -> {
				ArrayNode predictions = body.putArray("predictions");
				values.values().forEach((value) -> predictions.add(Values.toJson(value)));
				if (values.probabilities() != null) {
					ArrayNode probabilities = body.putArray("probabilities");
					for (double[] row : values.probabilities()) {
						ArrayNode r = probabilities.addArray();
						for (double p : row) {
							r.add(p);
						}
					}
				}
				if (signature instanceof TabularSignature tabular && !tabular.target().classes().isEmpty()) {
					ArrayNode classes = body.putArray("classes");
					tabular.target().classes().forEach((c) -> classes.add(Values.toJson(c)));
				}
			}
			case Prediction.Tensors tensors -> {
				Map<String, Tensor> outputs = tensors.outputs();
				if (outputs.size() == 1) {
					body.set("predictions", examples(outputs.values().iterator().next()));
				}
				else {
					ObjectNode named = body.putObject("outputs");
					outputs.forEach((name, tensor) -> named.set(name, examples(tensor)));
				}
			}
		}
		return body;
	}

	/** A tensor as a list of examples along its first dimension, each a nested array. */
	static ArrayNode examples(Tensor tensor) {
		List<Long> shape = tensor.shape();
		if (shape.isEmpty()) {
			ArrayNode single = NODES.arrayNode();
			single.add(element(tensor, 0));
			return single;
		}
		int[] index = { 0 };
		return (ArrayNode) nest(tensor, shape, 0, index);
	}

	private static JsonNode nest(Tensor tensor, List<Long> shape, int depth, int[] index) {
		if (depth == shape.size()) {
			return element(tensor, index[0]++);
		}
		ArrayNode array = NODES.arrayNode();
		for (long i = 0; i < shape.get(depth); i++) {
			array.add(nest(tensor, shape, depth + 1, index));
		}
		return array;
	}

	private static JsonNode element(Tensor tensor, int index) {
		return Values.toJson(tensor.element(index));
	}

}
