package io.modelhost.protocols.mlflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.protocols.web.MalformedBodyException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A CSV body as pandas' {@code read_csv} reads it: the first line names the columns,
 * fields may be quoted (RFC 4180), and an empty field or one of pandas' missing-value
 * markers ({@code NA}, {@code NaN}, {@code null}, ...) is a missing value. Cells are
 * typed by the feature of their column; a tensor model with one input takes each row as
 * an example of numbers.
 *
 * @param header the column names
 * @param rows the rows, each as long as the header
 * @param lines the line on which each row starts, from 1
 */
record CsvTable(List<String> header, List<List<String>> rows, List<Integer> lines) implements ScoringRequest {

	private static final Set<String> MISSING = Set.of("", "NA", "N/A", "#N/A", "NaN", "nan", "-NaN", "-nan", "null",
			"NULL", "None", "<NA>");

	private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

	private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

	/**
	 * The most problems listed, as the platform's own decoder lists: a huge bad body gets
	 * a short answer.
	 */
	static final int MAX_PROBLEMS = 50;

	/**
	 * Reads a CSV body, stopping at the first row past {@code maxRows}: a body of more
	 * rows is refused without reading the rest.
	 * @param maxRows the most rows one request may hold
	 * @throws MalformedBodyException if it is not CSV with a header row
	 * @throws InvalidInputException if a row has more or fewer fields than the header
	 * (the first {@value #MAX_PROBLEMS} are listed, then how many more there are), or
	 * there are more than {@code maxRows} rows
	 */
	static CsvTable parse(String text, int maxRows) {
		var reader = new CsvReader(text);
		Record headerRecord = reader.next(Integer.MAX_VALUE);
		if (headerRecord == null) {
			throw new MalformedBodyException("the CSV body is empty; send a header row of column names, then rows");
		}
		List<String> header = headerRecord.fields();
		var problems = new ArrayList<InputProblem>();
		int unlisted = 0;
		var rows = new ArrayList<List<String>>();
		var lines = new ArrayList<Integer>();
		int count = 0;
		for (Record record = reader.next(header.size()); record != null; record = reader.next(header.size())) {
			if (++count > maxRows) {
				problems.addFirst(new InputProblem(at(record.line(), null),
						"too many rows: more than " + maxRows + " (at most " + maxRows + " per request)"));
				break;
			}
			if (record.count() != header.size()) {
				if (problems.size() < MAX_PROBLEMS) {
					problems.add(new InputProblem(at(record.line(), null),
							"the row has " + record.count() + " fields but the header has " + header.size()));
				}
				else {
					unlisted++;
				}
			}
			else if (problems.isEmpty()) {
				// rows are kept only while they may all be used
				rows.add(record.fields());
				lines.add(record.line());
			}
		}
		if (unlisted > 0) {
			problems.add(new InputProblem("", unlisted + " more rows have the wrong number of fields"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return new CsvTable(header, rows, lines);
	}

	@Override
	public Translated translate(ModelSignature signature) {
		return switch (signature) {
			case TabularSignature tabular -> {
				Map<String, Feature> features = new HashMap<>();
				tabular.features().forEach((feature) -> features.put(feature.name(), feature));
				var typed = new ArrayList<List<JsonNode>>();
				for (List<String> row : this.rows) {
					var cells = new ArrayList<JsonNode>();
					for (int j = 0; j < row.size(); j++) {
						cells.add(cell(row.get(j), features.get(this.header.get(j))));
					}
					typed.add(cells);
				}
				yield new Translated(Frames.body("instances", Frames.records(this.header, typed, features.keySet())),
						Frames.fromRecords("", (row, column) -> at(this.lines.get(row), column)));
			}
			case TensorSignature tensors -> tensors(tensors);
		};
	}

	private Translated tensors(TensorSignature signature) {
		if (signature.inputs().size() != 1) {
			throw new InvalidInputException(List.of(new InputProblem("", "CSV can feed a model with one input only; "
					+ "this one takes " + signature.inputs().size() + ": send JSON \"inputs\" keyed by input name")));
		}
		ArrayNode examples = Frames.NODES.arrayNode();
		for (List<String> row : this.rows) {
			ArrayNode example = examples.addArray();
			row.forEach((text) -> example.add(cell(text, null)));
		}
		return new Translated(Frames.body("inputs", examples), (pointer) -> {
			String[] tokens = pointer.split("/");
			if (tokens.length < 3) {
				return "";
			}
			int row = Integer.parseInt(tokens[2]);
			String column = (tokens.length > 3) ? this.header.get(Integer.parseInt(tokens[3])) : null;
			return at(this.lines.get(row), column);
		});
	}

	/**
	 * A cell as JSON: missing, a number for a numeric feature (or any cell of a tensor
	 * model) that reads as one, true or false for a boolean feature, otherwise the text.
	 */
	static JsonNode cell(String text, @Nullable Feature feature) {
		if (MISSING.contains(text)) {
			return Frames.NODES.nullNode();
		}
		boolean numeric = (feature == null) || feature.type().isNumeric();
		if (numeric && INTEGER.matcher(text).matches()) {
			try {
				return Frames.NODES.numberNode(Long.parseLong(text));
			}
			catch (NumberFormatException ex) {
				return Frames.NODES.numberNode(Double.parseDouble(text));
			}
		}
		if (numeric && DECIMAL.matcher(text).matches()) {
			return Frames.NODES.numberNode(Double.parseDouble(text));
		}
		if (feature != null && feature.type() == TabularSignature.FeatureType.BOOLEAN) {
			String lower = text.toLowerCase(Locale.ROOT);
			if (lower.equals("true") || lower.equals("false")) {
				return Frames.NODES.booleanNode(lower.equals("true"));
			}
		}
		return Frames.NODES.stringNode(text);
	}

	private static String at(int line, @Nullable String column) {
		return "line " + line + ((column != null) ? ", column '" + column + "'" : "");
	}

	/**
	 * A CSV record and the line it starts on.
	 *
	 * @param fields its fields, or the first of them when there are more than the reader
	 * was asked to keep
	 * @param count how many fields it has
	 * @param line the line it starts on, from 1
	 */
	record Record(List<String> fields, int count, int line) {

	}

}
