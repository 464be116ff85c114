package io.modelhost.protocols.mlflow;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import tools.jackson.databind.JsonNode;

/**
 * {@code instances} or {@code inputs} (TensorFlow Serving's row and column formats), read
 * as in the platform's own format: rows as objects keyed by feature or as positional
 * arrays, or tensor examples. A tabular model also takes {@code inputs} as columns,
 * {@code {"column": [values]}}; columns it does not know are left out, as MLflow does.
 *
 * @param key {@code instances} or {@code inputs}
 * @param value its value
 */
record ServingInput(String key, JsonNode value) implements ScoringRequest {

	@Override
	public Translated translate(ModelSignature signature) {
		String at = "/" + this.key;
		return switch (signature) {
			case TabularSignature tabular -> {
				if (this.value.isObject() && this.key.equals("inputs")) {
					yield columns(tabular);
				}
				JsonNode rows = this.value.isArray() ? Frames.keep(this.value, Frames.featureNames(tabular))
						: this.value;
				yield new Translated(Frames.body(this.key, rows), Frames.moved(at, at));
			}
			case TensorSignature tensors -> new Translated(Frames.body(this.key, this.value), Frames.moved(at, at));
		};
	}

	/** {@code {"inputs": {"column": [values]}}} as one record per row. */
	private Translated columns(TabularSignature signature) {
		var columns = new ArrayList<String>();
		var values = new ArrayList<JsonNode>();
		var problems = new ArrayList<InputProblem>();
		int rows = -1;
		for (String column : this.value.propertyNames()) {
			JsonNode array = this.value.get(column);
			if (!array.isArray()) {
				problems
					.add(new InputProblem("/inputs/" + Frames.escape(column), "a column must be an array of values"));
				continue;
			}
			if (rows >= 0 && array.size() != rows) {
				problems.add(new InputProblem("/inputs/" + Frames.escape(column),
						"column '" + column + "' has " + array.size() + " values but another has " + rows));
			}
			rows = array.size();
			columns.add(column);
			values.add(array);
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		var table = new ArrayList<List<JsonNode>>();
		for (int i = 0; i < Math.max(rows, 0); i++) {
			var row = new ArrayList<JsonNode>();
			for (JsonNode column : values) {
				row.add(column.get(i));
			}
			table.add(row);
		}
		return new Translated(Frames.body("instances", Frames
			.records(columns, table, Frames.featureNames(signature))), Frames.fromRecords("/inputs",
					(row, column) -> (column != null) ? "/inputs/" + Frames.escape(column) + "/" + row : "/inputs"));
	}

}
