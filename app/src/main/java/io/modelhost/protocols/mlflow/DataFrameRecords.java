package io.modelhost.protocols.mlflow;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code dataframe_records}: a pandas DataFrame in records orient, {@code [{"column":
 * value}, ...]}. A tabular model maps columns by name; a tensor model takes each column
 * as the input of its name, or, with one input that no column names, each record's values
 * in order as one example.
 *
 * @param records the {@code dataframe_records} value
 */
record DataFrameRecords(JsonNode records) implements ScoringRequest {

	private static final String AT = "/dataframe_records";

	@Override
	public Translated translate(ModelSignature signature) {
		var problems = new ArrayList<InputProblem>();
		if (!this.records.isArray()) {
			problems.add(new InputProblem(AT, "\"dataframe_records\" must be an array of objects keyed by column"));
		}
		else {
			for (int i = 0; i < this.records.size(); i++) {
				if (!this.records.get(i).isObject()) {
					problems.add(new InputProblem(AT + "/" + i, "a record must be an object keyed by column"));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return switch (signature) {
			case TabularSignature tabular ->
				new Translated(Frames.body("instances", Frames.keep(this.records, Frames.featureNames(tabular))),
						Frames.moved("/instances", AT));
			case TensorSignature tensors -> tensors(tensors);
		};
	}

	private Translated tensors(TensorSignature signature) {
		List<TensorSpec> inputs = signature.inputs();
		String only = inputs.getFirst().name();
		boolean named = inputs.size() > 1 || hasColumn(only);
		if (named) {
			return new Translated(Frames.body("instances", this.records), Frames.moved("/instances", AT));
		}
		ArrayNode rows = Frames.NODES.arrayNode();
		for (JsonNode record : this.records) {
			ArrayNode row = rows.addArray();
			for (String column : record.propertyNames()) {
				row.add(record.get(column));
			}
		}
		return new Translated(Frames.body("inputs", rows), Frames.moved("/inputs", AT));
	}

	private boolean hasColumn(String name) {
		for (JsonNode record : this.records) {
			if (record.has(name)) {
				return true;
			}
		}
		return false;
	}

}
