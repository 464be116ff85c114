package io.modelhost.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code modelhost predict}: a JSON body, a CSV file (CSV out; a large one through a
 * batch prediction job) or pictures.
 */
@Command(name = "predict",
		description = { "Predict with a model: a JSON body, a CSV file or pictures.",
				"A CSV file gives CSV: its columns, then prediction and probability_<class> columns. A file of more "
						+ "rows than --batch-rows is scored by a batch prediction job on the server." })
final class PredictCommand extends Subcommand implements Callable<Integer> {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Parameters(paramLabel = "MODEL", description = "The model's id (or, signed in, its name)")
	String model;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Input input;

	/** Exactly one kind of input. */
	static final class Input {

		@Option(names = "--json", paramLabel = "JSON",
				description = "The request body, e.g. '{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}'; @FILE reads a file, - "
						+ "standard input")
		@Nullable String json;

		@Option(names = "--csv", paramLabel = "FILE", description = "A CSV file with a header row naming the features")
		@Nullable Path csv;

		@Option(names = "--image", paramLabel = "FILE", arity = "1..*",
				description = "PNG or JPEG pictures, for an image model")
		@Nullable List<Path> images;

	}

	@Option(names = "--version", paramLabel = "N", description = "Use this version, not the one the endpoint serves")
	@Nullable Integer version;

	@Option(names = "--batch-rows", paramLabel = "N", defaultValue = "1000",
			description = "A CSV file of more rows goes through a batch prediction job (default: ${DEFAULT-VALUE})")
	int batchRows;

	@Option(names = "--out", paramLabel = "FILE", description = "Write the predictions to this file, not the output")
	@Nullable Path out;

	@Override
	public Integer call() throws IOException {
		String id = root().modelId(this.model);
		String predict = "/api/v1/models/" + id + ((this.version != null) ? "/versions/" + this.version : "")
				+ "/predict";
		if (this.input.json != null) {
			printAnswer(api().post(predict, body(this.input.json)));
		}
		else if (this.input.csv != null) {
			csv(id, predict, this.input.csv);
		}
		else {
			Multipart form = new Multipart();
			for (Path image : this.input.images) {
				InputFiles.requireFile(image);
				String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
				form.file("file", image,
						(name.endsWith(".jpg") || name.endsWith(".jpeg")) ? "image/jpeg" : "image/png");
			}
			printAnswer(api().upload(predict, form, root().progress("Uploading")));
		}
		return ExitCodes.OK;
	}

	private JsonNode body(String json) {
		String text = json;
		try {
			if (json.equals("-")) {
				text = new String(root().in().readAllBytes(), StandardCharsets.UTF_8);
			}
			else if (json.startsWith("@")) {
				Path file = Path.of(json.substring(1));
				InputFiles.requireFile(file);
				text = Files.readString(file);
			}
			return Json.MAPPER.readTree(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the request body", ex);
		}
		catch (JacksonException ex) {
			throw CliException.usage("--json is not JSON: " + ex.getOriginalMessage());
		}
	}

	/** The answer: its JSON, or a row per prediction with the probabilities per class. */
	private void printAnswer(JsonNode answer) {
		Output output = output();
		if (output.json()) {
			output.print(answer);
			return;
		}
		List<String> header = new ArrayList<>(List.of("ROW", "PREDICTION"));
		JsonNode classes = answer.path("classes");
		boolean probabilities = answer.path("probabilities").isArray() && classes.isArray();
		if (probabilities) {
			classes.forEach((c) -> header.add("P(" + c.asString() + ")"));
		}
		List<List<String>> rows = new ArrayList<>();
		JsonNode predictions = answer.path("predictions");
		for (int i = 0; i < predictions.size(); i++) {
			List<String> row = new ArrayList<>(List.of(String.valueOf(i + 1), Json.cell(predictions.get(i))));
			if (probabilities) {
				answer.path("probabilities").path(i).forEach((p) -> row.add(Json.cell(p)));
			}
			rows.add(row);
		}
		output.writer().print(Output.table(header, rows));
		output.writer().flush();
	}

	private void csv(String id, String predict, Path file) throws IOException {
		InputFiles.requireFile(file);
		long rows;
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			rows = Csv.countRows(reader, this.batchRows);
		}
		if (rows > this.batchRows) {
			batch(id, file);
			return;
		}
		Csv.Table table;
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			table = Csv.read(reader);
		}
		JsonNode docs = api().get("/api/v1/models/" + id + "/docs");
		JsonNode answer = api().post(predict, rowsBody(table, docs.path("inputs")));
		if (output().json()) {
			write(Json.pretty(answer) + System.lineSeparator());
		}
		else {
			write(predictionsCsv(table, answer));
		}
	}

	/**
	 * The request body for the rows: by name when the header names every feature the
	 * model documents (other columns left out), positionally when the header has as many
	 * columns as the model has features but other names, else by the header's names (and
	 * the server says what is wrong). Values are typed as the model's features are.
	 */
	static ObjectNode rowsBody(Csv.Table table, JsonNode inputs) {
		List<String> names = new ArrayList<>();
		List<String> types = new ArrayList<>();
		for (JsonNode input : inputs) {
			if (!input.has("position") || !input.has("name")) {
				names.clear();
				break;
			}
			names.add(input.path("name").asString());
			types.add(input.path("type").asString());
		}
		ObjectNode body = NODES.objectNode();
		List<String> header = table.header();
		if (!names.isEmpty() && !header.containsAll(names) && header.size() == names.size()) {
			ArrayNode rows = body.putArray("inputs");
			for (List<String> record : table.rows()) {
				ArrayNode row = rows.addArray();
				for (int j = 0; j < names.size(); j++) {
					row.add(value((j < record.size()) ? record.get(j) : "", types.get(j)));
				}
			}
			return body;
		}
		boolean known = !names.isEmpty() && header.containsAll(names);
		ArrayNode rows = body.putArray("instances");
		for (List<String> record : table.rows()) {
			ObjectNode row = rows.addObject();
			for (int j = 0; j < header.size(); j++) {
				String column = header.get(j);
				int feature = names.indexOf(column);
				if (known && feature < 0) {
					continue;
				}
				row.set(column,
						value((j < record.size()) ? record.get(j) : "", (feature >= 0) ? types.get(feature) : ""));
			}
		}
		return body;
	}

	/**
	 * A cell as JSON: empty is null (missing), then as the feature's type says; without a
	 * type a number, true or false, or text.
	 */
	static JsonNode value(String cell, String type) {
		String text = cell.strip();
		if (text.isEmpty()) {
			return NODES.nullNode();
		}
		if (type.equals("string")) {
			return NODES.stringNode(cell);
		}
		if (!type.equals("boolean")) {
			try {
				return NODES.numberNode(new BigDecimal(text));
			}
			catch (NumberFormatException ex) {
				// not a number: text, which the server refuses for a number feature by
				// name
			}
		}
		if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
			return NODES.booleanNode(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
		}
		return NODES.stringNode(cell);
	}

	/**
	 * The file's columns, then prediction and a probability_&lt;class&gt; column per
	 * class.
	 */
	static String predictionsCsv(Csv.Table table, JsonNode answer) {
		List<String> header = new ArrayList<>(table.header());
		header.add("prediction");
		JsonNode classes = answer.path("classes");
		JsonNode probabilities = answer.path("probabilities");
		boolean withProbabilities = classes.isArray() && probabilities.isArray();
		if (withProbabilities) {
			classes.forEach((c) -> header.add("probability_" + c.asString()));
		}
		StringBuilder csv = new StringBuilder(Csv.line(header)).append('\n');
		JsonNode predictions = answer.path("predictions");
		for (int i = 0; i < table.rows().size(); i++) {
			List<String> row = new ArrayList<>(table.rows().get(i));
			while (row.size() < table.header().size()) {
				row.add("");
			}
			row.add(scalar(predictions.path(i)));
			if (withProbabilities) {
				for (int c = 0; c < classes.size(); c++) {
					row.add(scalar(probabilities.path(i).path(c)));
				}
			}
			csv.append(Csv.line(row)).append('\n');
		}
		return csv.toString();
	}

	private static String scalar(JsonNode node) {
		if (node.isNull() || node.isMissingNode()) {
			return "";
		}
		return node.isValueNode() ? node.asString() : Json.MAPPER.writeValueAsString(node);
	}

	/**
	 * A large file: a batch prediction job, followed to its end, whose result is streamed
	 * out.
	 */
	private void batch(String id, Path file) {
		Modelhost root = root();
		root.note("More than " + this.batchRows + " rows: scoring them as a batch prediction job on the server");
		Multipart form = new Multipart().file("file", file, "text/csv");
		if (this.version != null) {
			form.field("version", String.valueOf(this.version));
		}
		JsonNode job = api().upload("/api/v1/models/" + id + "/batch-predictions", form, root.progress("Uploading"));
		String jobPath = "/api/v1/batch-predictions/" + job.path("id").asString();
		job = Jobs.follow(root, jobPath, "Scoring",
				(j) -> (j.path("rows_failed").asLong() > 0) ? j.path("rows_failed").asLong() + " refused" : "");
		if (!job.path("status").asString().equals("succeeded")) {
			throw new ApiException("the batch prediction " + job.path("id").asString() + " "
					+ job.path("status").asString() + ": " + Json.cell(job.path("error")));
		}
		root.note(job.path("rows_ok").asLong() + " rows predicted, " + job.path("rows_failed").asLong()
				+ " refused (reason in the error column)");
		String accept = output().json() ? "application/x-ndjson" : "text/csv";
		if (this.out != null) {
			try (Writer writer = Files.newBufferedWriter(this.out, StandardCharsets.UTF_8)) {
				api().download(jobPath + "/result", accept, writer);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot write " + this.out, ex);
			}
		}
		else {
			api().download(jobPath + "/result", accept, output().writer());
		}
	}

	private void write(String text) {
		if (this.out != null) {
			try {
				Files.writeString(this.out, text);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot write " + this.out, ex);
			}
		}
		else {
			output().writer().print(text);
			output().writer().flush();
		}
	}

}
