package io.modelhost.batch.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * Writes a job's result as rows finish, in two forms: CSV (the input columns, then
 * {@code prediction}, one {@code probability_<class>} per class, then {@code error}) and
 * JSON lines ({@code row}, {@code prediction}, {@code probabilities} by class,
 * {@code error}). Holds one buffer per file, never the result. Not thread-safe.
 */
final class ResultWriter implements AutoCloseable {

	private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

	private final Writer csv;

	private final Writer ndjson;

	/** The class labels as JSON object keys, quoted. */
	private final String[] classKeys;

	private final StringBuilder line = new StringBuilder(256);

	ResultWriter(Path csv, Path ndjson, List<String> columns, List<Object> classes) throws IOException {
		this.csv = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), 1 << 16);
		this.ndjson = new BufferedWriter(Files.newBufferedWriter(ndjson, StandardCharsets.UTF_8), 1 << 16);
		this.classKeys = new String[classes.size()];
		for (int i = 0; i < classes.size(); i++) {
			this.classKeys[i] = quoted(String.valueOf(classes.get(i)));
		}
		StringBuilder header = this.line;
		header.setLength(0);
		for (String column : columns) {
			cell(header, column).append(',');
		}
		header.append("prediction");
		for (Object label : classes) {
			header.append(',');
			cell(header, "probability_" + label);
		}
		header.append(",error\n");
		this.csv.append(header);
	}

	/** A row the model answered. */
	void answered(long row, List<@Nullable Object> inputs, @Nullable Object prediction,
			double @Nullable [] probabilities) throws IOException {
		StringBuilder out = inputs(inputs);
		cell(out, (prediction != null) ? prediction.toString() : "");
		for (int i = 0; i < this.classKeys.length; i++) {
			out.append(',');
			if (probabilities != null && i < probabilities.length) {
				out.append(probabilities[i]);
			}
		}
		out.append(",\n");
		this.csv.append(out);
		out.setLength(0);
		out.append("{\"row\":").append(row).append(",\"prediction\":");
		json(out, prediction);
		out.append(",\"probabilities\":");
		if (probabilities == null) {
			out.append("null");
		}
		else {
			out.append('{');
			for (int i = 0; i < this.classKeys.length && i < probabilities.length; i++) {
				out.append((i > 0) ? "," : "").append(this.classKeys[i]).append(':');
				json(out, probabilities[i]);
			}
			out.append('}');
		}
		out.append(",\"error\":null}\n");
		this.ndjson.append(out);
	}

	/** A row the model refused. */
	void refused(long row, List<@Nullable Object> inputs, String error) throws IOException {
		StringBuilder out = inputs(inputs);
		out.append(",".repeat(this.classKeys.length)).append(',');
		cell(out, error).append('\n');
		this.csv.append(out);
		out.setLength(0);
		out.append("{\"row\":")
			.append(row)
			.append(",\"prediction\":null,\"probabilities\":null,\"error\":")
			.append(quoted(error))
			.append("}\n");
		this.ndjson.append(out);
	}

	private StringBuilder inputs(List<@Nullable Object> inputs) {
		StringBuilder out = this.line;
		out.setLength(0);
		for (Object value : inputs) {
			if (value != null) {
				cell(out, value.toString());
			}
			out.append(',');
		}
		return out;
	}

	@Override
	public void close() throws IOException {
		try (this.csv; this.ndjson) {
			this.csv.flush();
			this.ndjson.flush();
		}
	}

	/**
	 * A CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180).
	 */
	private static StringBuilder cell(StringBuilder out, String text) {
		boolean quote = false;
		for (int i = 0; i < text.length() && !quote; i++) {
			char c = text.charAt(i);
			quote = c == ',' || c == '"' || c == '\n' || c == '\r';
		}
		if (!quote) {
			return out.append(text);
		}
		return out.append('"').append(text.replace("\"", "\"\"")).append('"');
	}

	private static void json(StringBuilder out, @Nullable Object value) {
		switch (value) {
			case null -> out.append("null");
			case Double d when Double.isFinite(d) -> out.append(d);
			case Float f when Float.isFinite(f) -> out.append(f);
			case Number n when !(n instanceof Double) && !(n instanceof Float) -> out.append(n);
			case Boolean b -> out.append(b);
			default -> out.append(quoted(value.toString()));
		}
	}

	private static String quoted(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		ENCODER.quoteAsString(text, out);
		return out.append('"').toString();
	}

}
