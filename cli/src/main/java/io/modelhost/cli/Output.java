package io.modelhost.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * What a command prints on standard output: aligned columns ({@code --output table}) or
 * the server's JSON ({@code --output json}).
 */
final class Output {

	/** The two forms of output. */
	enum Format {

		table, json

	}

	private final PrintWriter out;

	private final Format format;

	Output(PrintWriter out, Format format) {
		this.out = out;
		this.format = format;
	}

	boolean json() {
		return this.format == Format.json;
	}

	PrintWriter writer() {
		return this.out;
	}

	/** Prints the JSON as is, pretty. */
	void print(JsonNode json) {
		this.out.println(Json.pretty(json));
		this.out.flush();
	}

	void line(String text) {
		this.out.println(text);
		this.out.flush();
	}

	/**
	 * Items as a table whose columns are the given JSON fields; in JSON output the items
	 * themselves.
	 */
	void items(JsonNode items, List<Column> columns) {
		if (json()) {
			print(items);
			return;
		}
		List<List<String>> rows = new ArrayList<>();
		for (JsonNode item : items) {
			List<String> row = new ArrayList<>();
			for (Column column : columns) {
				row.add(column.value().apply(item));
			}
			rows.add(row);
		}
		this.out.print(table(columns.stream().map(Column::header).toList(), rows));
		this.out.flush();
	}

	/**
	 * One object's fields as "name: value" lines, those without a value left out; in JSON
	 * output the object itself.
	 */
	void fields(JsonNode object, List<Column> fields) {
		if (json()) {
			print(object);
			return;
		}
		int width = fields.stream().mapToInt((f) -> f.header().length()).max().orElse(0);
		for (Column field : fields) {
			String value = field.value().apply(object);
			if (!value.equals("-")) {
				this.out.println(pad(field.header() + ":", width + 1) + " " + value);
			}
		}
		this.out.flush();
	}

	/** A table column: a header and how a row's cell is read from an item. */
	record Column(String header, Function<JsonNode, String> value) {

		/** A column showing a field (a JSON pointer or a plain name). */
		static Column of(String header, String field) {
			return new Column(header, (item) -> Json.cell(field.startsWith("/") ? item.at(field) : item.get(field)));
		}

	}

	/**
	 * Rows under headers, columns padded to their widest cell, two spaces apart; a cell
	 * is one line of at most 80 characters.
	 */
	static String table(List<String> headers, List<List<String>> rows) {
		int[] widths = new int[headers.size()];
		for (int i = 0; i < headers.size(); i++) {
			widths[i] = headers.get(i).length();
		}
		for (List<String> row : rows) {
			for (int i = 0; i < widths.length && i < row.size(); i++) {
				widths[i] = Math.max(widths[i], oneLine(row.get(i)).length());
			}
		}
		StringBuilder text = new StringBuilder();
		appendRow(text, headers, widths);
		for (List<String> row : rows) {
			appendRow(text, row, widths);
		}
		return text.toString();
	}

	private static void appendRow(StringBuilder text, List<String> cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < widths.length; i++) {
			String cell = (i < cells.size()) ? oneLine(cells.get(i)) : "";
			line.append((i < widths.length - 1) ? pad(cell, widths[i]) + "  " : cell);
		}
		text.append(line.toString().stripTrailing()).append(System.lineSeparator());
	}

	private static final int MAX_CELL = 80;

	private static String oneLine(String cell) {
		String line = cell.replace("\r", " ").replace("\n", " ");
		return (line.length() > MAX_CELL) ? line.substring(0, MAX_CELL - 1) + "…" : line;
	}

	private static String pad(String text, int width) {
		return (text.length() >= width) ? text : text + " ".repeat(width - text.length());
	}

}
