package io.modelhost.protocols.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.protocol.PredictionRequests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scoring request in one of MLflow's input formats. Once the model's signature is known
 * it becomes a request body in the platform's own format, which is checked as the
 * platform checks its own requests; problems point back into the scoring request.
 */
sealed interface ScoringRequest permits DataFrameSplit, DataFrameRecords, ServingInput, CsvTable {

	/** MLflow's JSON input fields, of which a request has exactly one. */
	Set<String> FORMATS = Set.of("dataframe_split", "dataframe_records", "instances", "inputs");

	/**
	 * The platform's request body for this request and a model's signature.
	 * @throws InvalidInputException if the request does not have the format's shape
	 */
	Translated translate(ModelSignature signature);

	/**
	 * The model's input.
	 * @throws InvalidInputException listing every problem, pointing into this request
	 */
	default ModelInput decode(ModelSignature signature, int maxRows) {
		Translated translated = translate(signature);
		try {
			return PredictionRequests.decode(translated.body(), signature, maxRows);
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(ex.problems()
				.stream()
				.map((problem) -> new InputProblem(translated.pointers().apply(problem.pointer()), problem.detail()))
				.toList());
		}
	}

	/**
	 * A JSON scoring request: an object with exactly one of MLflow's input fields, and
	 * optionally {@code params} (ignored: no model here takes parameters). Other fields
	 * are ignored, as MLflow does.
	 * @throws InvalidInputException if the body has none or several input fields
	 */
	static ScoringRequest of(JsonNode body) {
		var present = new TreeSet<String>();
		if (body.isObject()) {
			FORMATS.stream().filter(body::has).forEach(present::add);
		}
		if (present.size() != 1) {
			String received = body.isObject()
					? "a dictionary with input fields " + new ArrayList<>(body.propertyNames())
					: (body.isArray() ? "a list" : "a " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
			throw new InvalidInputException(List.of(new InputProblem("", "the input must be a JSON dictionary with "
					+ "exactly one of the input fields " + new TreeSet<>(FORMATS) + "; received " + received)));
		}
		String format = present.first();
		JsonNode value = body.get(format);
		return switch (format) {
			case "dataframe_split" -> new DataFrameSplit(value);
			case "dataframe_records" -> new DataFrameRecords(value);
			default -> new ServingInput(format, value);
		};
	}

	/**
	 * The platform's request body for a scoring request.
	 *
	 * @param body the body
	 * @param pointers maps a pointer into the body to where that value came from
	 */
	record Translated(ObjectNode body, UnaryOperator<String> pointers) {

	}

}
