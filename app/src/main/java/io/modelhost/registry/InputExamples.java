package io.modelhost.registry;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.EngineException;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.SafeText;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.registry.VersionAdmission.Example;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An input example declared at upload, as MLflow's {@code input_example}: run once
 * through the admitted model, and kept as the version's example request in place of a
 * synthetic one.
 *
 * <p>
 * The example is one row as an object by feature name, one positional row (an array of
 * values), or an array of rows (objects or arrays). A tabular model's example is stored
 * positionally, {@code {"inputs": [[...]]}}, in the model's feature order, so that the
 * documentation can show it both positionally and by name.
 */
final class InputExamples {

	/** The most rows an example may hold. */
	static final int MAX_ROWS = 10;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String POINTER = "/input_example";

	private InputExamples() {
	}

	/**
	 * @throws InvalidDeclarationException with the model's problems, each at its pointer
	 * under {@code /input_example}, unless the model takes the example and answers it
	 */
	static Example run(AdmittedModel admitted, ModelSignature signature, JsonNode example) {
		boolean oneRow = example.isObject()
				|| (example.isArray() && !example.isEmpty() && !example.get(0).isArray() && !example.get(0).isObject());
		ArrayNode rows = NODES.arrayNode();
		if (oneRow) {
			rows.add(example);
		}
		else {
			rows.addAll((ArrayNode) example);
		}
		boolean named = !rows.isEmpty() && rows.get(0).isObject();
		ObjectNode body = NODES.objectNode();
		body.set(named ? "instances" : "inputs", rows);
		ModelInput input;
		try {
			input = PredictionRequests.decodeOwnFormat(body, signature, MAX_ROWS);
		}
		catch (InvalidInputException ex) {
			throw new InvalidDeclarationException(translate(ex.problems(), oneRow));
		}
		JsonNode response;
		try {
			response = PredictionResponses.encode(admitted.model().predict(input), signature);
		}
		catch (InvalidInputException ex) {
			throw new InvalidDeclarationException(translate(ex.problems(), oneRow));
		}
		catch (EngineException | IllegalArgumentException ex) {
			throw new InvalidDeclarationException(POINTER,
					"the model failed to predict the example: " + SafeText.describe(ex));
		}
		return new Example(signature, stored(signature, body, rows, named), response);
	}

	/** The example as a request body: positional rows for a tabular model. */
	private static JsonNode stored(ModelSignature signature, ObjectNode body, ArrayNode rows, boolean named) {
		if (!named || !(signature instanceof TabularSignature tabular)) {
			return (signature instanceof TensorSignature) ? body : positional(rows);
		}
		ArrayNode positional = NODES.arrayNode();
		for (JsonNode row : rows) {
			ArrayNode values = positional.addArray();
			for (Feature feature : tabular.features()) {
				JsonNode value = row.get(feature.name());
				values.add((value != null) ? value : NODES.nullNode());
			}
		}
		return positional(positional);
	}

	private static ObjectNode positional(ArrayNode rows) {
		ObjectNode body = NODES.objectNode();
		body.set("inputs", rows);
		return body;
	}

	/** Pointers into the request body, as pointers into the upload's field. */
	private static List<InputProblem> translate(List<InputProblem> problems, boolean oneRow) {
		var translated = new ArrayList<InputProblem>();
		for (InputProblem problem : problems) {
			String pointer = problem.pointer();
			for (String prefix : List.of("/inputs", "/instances")) {
				if (pointer.equals(prefix) || pointer.startsWith(prefix + "/")) {
					pointer = pointer.substring(prefix.length());
					if (oneRow && (pointer.equals("/0") || pointer.startsWith("/0/"))) {
						pointer = pointer.substring(2);
					}
					break;
				}
			}
			translated.add(new InputProblem(POINTER + pointer, problem.detail()));
		}
		return translated;
	}

}
