package io.modelhost.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import tools.jackson.databind.JsonNode;

/**
 * Turns a prediction request body into model input, checked against the model's
 * signature.
 *
 * <p>
 * Bodies: {@code {"inputs": [[...], ...]}} with rows (or examples) in signature order, or
 * {@code {"instances": [{"feature": value}, ...]}} with named values; a tensor model with
 * several inputs takes {@code {"inputs": {"name": [examples]}}}. Every problem found is
 * reported at once, with a JSON Pointer to where it is.
 */
public final class PredictionRequests {

	private PredictionRequests() {
	}

	/**
	 * Decodes a body, ignoring members other than {@code inputs} and {@code instances}
	 * (for protocols whose bodies carry more, translated into this shape).
	 * @param maxRows the most rows (examples) one request may hold
	 * @throws InvalidInputException listing every problem
	 */
	public static ModelInput decode(JsonNode body, ModelSignature signature, int maxRows) {
		return decode(body, signature, maxRows, false);
	}

	/**
	 * Decodes a body of this platform's own format, in which a member other than
	 * {@code inputs} or {@code instances} is a mistake (a misspelt name, a parameter this
	 * API does not have) and is refused with its pointer, with every other problem.
	 * @param maxRows the most rows (examples) one request may hold
	 * @throws InvalidInputException listing every problem
	 */
	public static ModelInput decodeOwnFormat(JsonNode body, ModelSignature signature, int maxRows) {
		return decode(body, signature, maxRows, true);
	}

	private static ModelInput decode(JsonNode body, ModelSignature signature, int maxRows, boolean strict) {
		var problems = new ProblemList();
		JsonNode inputs = body.isObject() ? body.get("inputs") : null;
		JsonNode instances = body.isObject() ? body.get("instances") : null;
		if (strict && body.isObject()) {
			for (String name : body.propertyNames()) {
				if (!name.equals("inputs") && !name.equals("instances")) {
					problems.add("/" + ProblemList.escape(name),
							"unknown field '" + name + "'; send \"inputs\" or \"instances\"");
				}
			}
		}
		if (!body.isObject() || (inputs == null) == (instances == null)) {
			problems.add("", "the body must be a JSON object with either \"inputs\" or \"instances\"");
			throw new InvalidInputException(problems.list());
		}
		String pointer = (inputs != null) ? "/inputs" : "/instances";
		JsonNode batch = (inputs != null) ? inputs : instances;
		// unknown members are reported with the problems of the rows, not instead of them
		int known = problems.size();
		ModelInput input = switch (signature) {
			case TabularSignature tabular -> {
				checkCount(batch, pointer, maxRows, problems);
				yield (problems.size() == known) ? new RowDecoder(tabular, problems).decode(batch, pointer) : null;
			}
			case TensorSignature tensors -> {
				Map<String, TensorDecoder.Examples> examples = examples(tensors, batch, pointer, problems);
				for (TensorDecoder.Examples some : examples.values()) {
					checkCount(some.nodes(), some.pointer(), maxRows, problems);
				}
				yield (problems.size() == known) ? new TensorDecoder(tensors, problems).decode(examples) : null;
			}
		};
		if (input == null || !problems.isEmpty()) {
			throw new InvalidInputException(problems.list());
		}
		return input;
	}

	private static void checkCount(JsonNode batch, String pointer, int maxRows, ProblemList problems) {
		if (!batch.isArray()) {
			problems.add(pointer, "expected an array of rows but got " + RowDecoder.kind(batch));
			return;
		}
		var nodes = new ArrayList<JsonNode>();
		batch.forEach(nodes::add);
		checkCount(nodes, pointer, maxRows, problems);
	}

	private static void checkCount(List<JsonNode> nodes, String pointer, int maxRows, ProblemList problems) {
		if (nodes.isEmpty()) {
			problems.add(pointer, "send at least one row");
		}
		else if (nodes.size() > maxRows) {
			problems.add(pointer, "too many rows: " + nodes.size() + " (at most " + maxRows + " per request)");
		}
	}

	/** The examples of each input, from any of the accepted body shapes. */
	private static Map<String, TensorDecoder.Examples> examples(TensorSignature signature, JsonNode batch,
			String pointer, ProblemList problems) {
		var examples = new LinkedHashMap<String, TensorDecoder.Examples>();
		List<TensorSpec> specs = signature.inputs();
		if (batch.isObject()) {
			// {"inputs": {"name": [examples]}}
			for (String name : batch.propertyNames()) {
				JsonNode array = batch.get(name);
				String at = pointer + "/" + ProblemList.escape(name);
				if (!array.isArray()) {
					problems.add(at, "expected an array of examples but got " + RowDecoder.kind(array));
					continue;
				}
				var nodes = new ArrayList<JsonNode>();
				array.forEach(nodes::add);
				examples.put(name, new TensorDecoder.Examples(nodes, at));
			}
			return examples;
		}
		if (!batch.isArray()) {
			problems.add(pointer, "expected an array of examples but got " + RowDecoder.kind(batch));
			return examples;
		}
		boolean named = !batch.isEmpty() && batch.get(0).isObject();
		if (!named) {
			if (specs.size() != 1) {
				problems.add(pointer, "this model takes " + specs.size() + " inputs: send \"inputs\" as an object "
						+ "keyed by input name, or instances as objects");
				return examples;
			}
			var nodes = new ArrayList<JsonNode>();
			batch.forEach(nodes::add);
			examples.put(specs.getFirst().name(), new TensorDecoder.Examples(nodes, pointer));
			return examples;
		}
		// [{"name": example, ...}, ...]: gather each input's examples across instances
		for (TensorSpec spec : specs) {
			var nodes = new ArrayList<JsonNode>();
			for (int i = 0; i < batch.size(); i++) {
				JsonNode value = batch.get(i).get(spec.name());
				if (value == null) {
					problems.add(pointer + "/" + i, "missing input '" + spec.name() + "'");
				}
				else {
					nodes.add(value);
				}
			}
			examples.put(spec.name(), new TensorDecoder.Examples(nodes, pointer));
		}
		return examples;
	}

}
