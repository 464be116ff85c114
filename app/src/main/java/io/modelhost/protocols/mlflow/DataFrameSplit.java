package io.modelhost.protocols.mlflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import tools.jackson.databind.JsonNode;

/**
 * {@code dataframe_split}: a pandas DataFrame in split orient, {@code {"columns": [...],
 * "data": [[...], ...]}} ({@code index} is ignored). A tabular model maps columns by
 * name; without columns, values go by position. A tensor model with one input takes each
 * row as an example; with several, each column feeds the input of its name.
 *
 * @param split the {@code dataframe_split} value
 */
record DataFrameSplit(JsonNode split) implements ScoringRequest {

	private static final String AT = "/dataframe_split";

	@Override
	public Translated translate(ModelSignature signature) {
		var problems = new ArrayList<InputProblem>();
		JsonNode data = this.split.isObject() ? this.split.get("data") : null;
		JsonNode columnsNode = this.split.isObject() ? this.split.get("columns") : null;
		if (data == null || !data.isArray()) {
			problems.add(new InputProblem(AT + "/data", "\"dataframe_split\" must be an object with \"data\": an "
					+ "array of rows (and \"columns\": their names)"));
			throw new InvalidInputException(problems);
		}
		List<String> columns = (columnsNode != null && !columnsNode.isNull()) ? columns(columnsNode, problems) : null;
		var rows = new ArrayList<List<JsonNode>>();
		for (int i = 0; i < data.size(); i++) {
			JsonNode row = data.get(i);
			if (!row.isArray()) {
				problems.add(new InputProblem(AT + "/data/" + i, "a row must be an array of values"));
			}
			else if (columns != null && row.size() != columns.size()) {
				problems.add(new InputProblem(AT + "/data/" + i,
						"the row has " + row.size() + " values but there are " + columns.size() + " columns"));
			}
			else {
				var values = new ArrayList<JsonNode>();
				row.forEach(values::add);
				rows.add(values);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		boolean positional = columns == null
				|| (signature instanceof TensorSignature tensors && tensors.inputs().size() == 1);
		if (positional) {
			return new Translated(Frames.body("inputs", data), Frames.moved("/inputs", AT + "/data"));
		}
		var keep = switch (signature) {
			case TabularSignature tabular -> Frames.featureNames(tabular);
			case TensorSignature tensors -> new HashSet<>(columns);
		};
		List<String> names = columns;
		return new Translated(Frames.body("instances", Frames.records(columns, rows, keep)),
				Frames.fromRecords(AT + "/data", (row, column) -> AT + "/data/" + row
						+ ((column != null && names.contains(column)) ? "/" + names.indexOf(column) : "")));
	}

	private static List<String> columns(JsonNode node, List<InputProblem> problems) {
		var columns = new ArrayList<String>();
		if (!node.isArray()) {
			problems.add(new InputProblem(AT + "/columns", "\"columns\" must be an array of column names"));
			return columns;
		}
		for (int j = 0; j < node.size(); j++) {
			JsonNode name = node.get(j);
			if (!name.isString() && !name.isNumber()) {
				problems.add(new InputProblem(AT + "/columns/" + j, "a column name must be a string"));
			}
			else if (columns.contains(name.asString())) {
				problems.add(new InputProblem(AT + "/columns/" + j, "column '" + name.asString() + "' is given twice"));
			}
			columns.add(name.asString());
		}
		return columns;
	}

}
