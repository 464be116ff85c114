package io.modelhost.protocols.oip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.protocol.PredictionRequests;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request tensors for a tabular model (see {@link TabularTensors}): one per feature, of
 * shape {@code [rows]} or {@code [rows, 1]}, or one named {@code input} of shape
 * {@code [rows, features]}. Null elements are missing values. The rows are then checked
 * like the platform's own requests.
 */
final class FeatureInputs {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/**
	 * A pointer into the platform's body: {@code /inputs}, {@code /inputs/row/column}.
	 */
	private static final Pattern ROW_POINTER = Pattern.compile("/inputs(?:/(\\d+)(?:/(\\d+))?)?(/.*)?");

	private final TabularSignature signature;

	private final int maxRows;

	FeatureInputs(TabularSignature signature, int maxRows) {
		this.signature = signature;
		this.maxRows = maxRows;
	}

	/**
	 * The rows for the model.
	 * @throws InvalidInputException listing every problem
	 */
	ModelInput.Rows decode(List<RequestInput> inputs) {
		return TabularTensors.sendsRows(this.signature, inputs) ? fromRows(inputs.getFirst()) : fromFeatures(inputs);
	}

	private ModelInput.Rows fromRows(RequestInput input) {
		var problems = new InputProblems();
		int width = this.signature.features().size();
		DataType type = TensorData.datatype(input.datatype());
		if (type == null) {
			problems.add(input.pointer("datatype"), TensorData.unusable(input.datatype()));
		}
		if (input.shape().size() != 2 || input.shape().get(1) != width) {
			problems.add(input.pointer("shape"), "input '" + TabularTensors.ROWS_INPUT + "' holds rows of the model's "
					+ width + " features: its shape must be [rows, " + width + "] but is " + input.shape());
		}
		problems.throwIfAny();
		checkRowCount(input.shape().getFirst(), input, problems);
		List<JsonNode> elements = elements(input, type, problems);
		problems.throwIfAny();
		ArrayNode rows = NODES.arrayNode();
		for (int i = 0; i < elements.size(); i += width) {
			ArrayNode row = rows.addArray();
			elements.subList(i, i + width).forEach(row::add);
		}
		return rows(rows, (row, column) -> input.elementPointer(row * width + column));
	}

	private ModelInput.Rows fromFeatures(List<RequestInput> inputs) {
		var problems = new InputProblems();
		List<Feature> features = this.signature.features();
		Map<String, Integer> positions = new HashMap<>();
		for (int j = 0; j < features.size(); j++) {
			positions.put(features.get(j).name(), j);
		}
		RequestInput[] byFeature = new RequestInput[features.size()];
		List<JsonNode>[] columns = newColumns(features.size());
		Long rowCount = null;
		for (RequestInput input : inputs) {
			Integer j = positions.get(input.name());
			if (j == null) {
				problems.add(input.pointer("name"), "unknown input '" + input.name() + "'; the model takes one tensor "
						+ "per feature (" + names() + ") or one tensor '" + TabularTensors.ROWS_INPUT + "' of rows");
				continue;
			}
			if (byFeature[j] != null) {
				problems.add(input.pointer("name"), "input '" + input.name() + "' is given twice");
				continue;
			}
			Feature feature = features.get(j);
			DataType type = TensorData.datatype(input.datatype());
			if (type == null || !TabularTensors.accepts(feature.type(), type)) {
				String why = (type == null) ? TensorData.unusable(input.datatype())
						: "the request says " + input.datatype();
				String takes = feature.type().isNumeric() ? "any numeric datatype"
						: TabularTensors.datatype(feature.type()).name();
				problems.add(input.pointer("datatype"), "input '" + feature.name() + "' ("
						+ TabularTensors.describe(feature) + ") takes " + takes + " but " + why);
				continue;
			}
			List<Long> shape = input.shape();
			if (shape.isEmpty() || shape.size() > 2 || (shape.size() == 2 && shape.get(1) != 1)) {
				problems.add(input.pointer("shape"),
						"input '" + feature.name() + "' must have shape [rows] or [rows, 1] but has " + shape);
				continue;
			}
			if (rowCount != null && shape.getFirst().longValue() != rowCount) {
				problems.add(input.pointer("shape"), "input '" + feature.name() + "' has " + shape.getFirst()
						+ " rows but another input has " + rowCount);
				continue;
			}
			rowCount = shape.getFirst();
			checkRowCount(rowCount, input, problems);
			byFeature[j] = input;
			columns[j] = elements(input, type, problems);
		}
		for (Feature feature : features) {
			// a feature the model ignores may be left out; a refused input is not missing
			if (feature.used() && inputs.stream().noneMatch((input) -> input.name().equals(feature.name()))) {
				problems.add("/inputs",
						"missing input '" + feature.name() + "' (" + TabularTensors.describe(feature) + ")");
			}
		}
		problems.throwIfAny();
		ArrayNode rows = NODES.arrayNode();
		long count = (rowCount != null) ? rowCount : 0;
		for (int i = 0; i < count; i++) {
			ArrayNode row = rows.addArray();
			for (int j = 0; j < features.size(); j++) {
				row.add((columns[j] != null) ? columns[j].get(i) : NODES.nullNode());
			}
		}
		return rows(rows,
				(row, column) -> (byFeature[column] != null) ? byFeature[column].elementPointer(row) : "/inputs");
	}

	/**
	 * Refuses too many rows before building them, which the platform would refuse after.
	 */
	private void checkRowCount(long rows, RequestInput input, InputProblems problems) {
		if (rows > this.maxRows) {
			problems.add(input.pointer("shape") + "/0",
					"too many rows: " + rows + " (at most " + this.maxRows + " per request)");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<JsonNode>[] newColumns(int size) {
		return (List<JsonNode>[]) new List<?>[size];
	}

	/** The input's elements, each checked against its datatype (null allowed). */
	private static List<JsonNode> elements(RequestInput input, @Nullable DataType type, InputProblems problems) {
		List<JsonNode> elements = TensorData.elements(input.data());
		if (elements.size() != input.elementCount()) {
			problems.add(input.pointer("data"), "shape " + input.shape() + " holds " + input.elementCount()
					+ " elements but the data has " + elements.size());
			return new ArrayList<>();
		}
		for (int i = 0; type != null && i < elements.size() && !problems.full(); i++) {
			String problem = TensorData.check(type, elements.get(i), true);
			if (problem != null) {
				problems.add(input.elementPointer(i), problem);
			}
		}
		return elements;
	}

	/**
	 * Decodes rows as the platform's own requests, with problems pointing into the
	 * inference request.
	 */
	private ModelInput.Rows rows(ArrayNode rows, BiFunction<Integer, Integer, String> pointer) {
		ObjectNode body = NODES.objectNode();
		body.set("inputs", rows);
		try {
			return (ModelInput.Rows) PredictionRequests.decode(body, this.signature, this.maxRows);
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(ex.problems()
				.stream()
				.map((problem) -> new InputProblem(translate(problem.pointer(), pointer), problem.detail()))
				.toList());
		}
	}

	private static String translate(String platformPointer, BiFunction<Integer, Integer, String> pointer) {
		Matcher matcher = ROW_POINTER.matcher(platformPointer);
		if (!matcher.matches() || matcher.group(2) == null) {
			return "/inputs";
		}
		return pointer.apply(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
	}

	private String names() {
		return this.signature.features().stream().map(Feature::name).collect(Collectors.joining(", "));
	}

}
