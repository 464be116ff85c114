package io.modelhost.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 writes them: a header row, fields quoted when they
 * hold a comma, a quote or a line break, quotes doubled inside quotes.
 */
final class Csv {

	private Csv() {
	}

	/** A header and its rows. */
	record Table(List<String> header, List<List<String>> rows) {
	}

	/** Reads a whole file: the first record is the header; blank lines are skipped. */
	static Table read(Reader reader) throws IOException {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean fieldStarted = false;
		int c;
		while ((c = reader.read()) != -1) {
			char ch = (char) c;
			if (quoted) {
				if (ch == '"') {
					reader.mark(1);
					int next = reader.read();
					if (next == '"') {
						field.append('"');
					}
					else {
						quoted = false;
						if (next != -1) {
							reader.reset();
						}
					}
				}
				else {
					field.append(ch);
				}
				continue;
			}
			switch (ch) {
				case '"' -> {
					quoted = true;
					fieldStarted = true;
				}
				case ',' -> {
					record.add(field.toString());
					field.setLength(0);
					fieldStarted = true;
				}
				case '\r' -> {
				}
				case '\n' -> {
					end(records, record, field, fieldStarted);
					record = new ArrayList<>();
					fieldStarted = false;
				}
				default -> {
					field.append(ch);
					fieldStarted = true;
				}
			}
		}
		end(records, record, field, fieldStarted);
		if (records.isEmpty()) {
			throw new IOException("the file is empty: a CSV file needs a header row");
		}
		List<String> header = records.getFirst();
		if (!header.isEmpty() && header.getFirst().startsWith("\uFEFF")) {
			header.set(0, header.getFirst().substring(1));
		}
		return new Table(header, records.subList(1, records.size()));
	}

	private static void end(List<List<String>> records, List<String> record, StringBuilder field,
			boolean fieldStarted) {
		if (fieldStarted || !record.isEmpty()) {
			record.add(field.toString());
			records.add(record);
		}
		field.setLength(0);
	}

	/**
	 * Counts the data records (the header not counted, blank lines skipped), reading no
	 * further than the record past {@code limit}: whether a file is small enough to send
	 * in one request, without holding a large one in memory.
	 */
	static long countRows(Reader reader, long limit) throws IOException {
		long records = 0;
		boolean quoted = false;
		boolean content = false;
		int c;
		while ((c = reader.read()) != -1) {
			if (c == '"') {
				quoted = !quoted;
				content = true;
			}
			else if (c == '\n' && !quoted) {
				if (content) {
					records++;
				}
				content = false;
				if (records > limit + 1) {
					break;
				}
			}
			else if (c != '\r') {
				content = true;
			}
		}
		if (content) {
			records++;
		}
		return Math.max(0, records - 1);
	}

	/** One record, quoted where needed, without the line break. */
	static String line(List<String> fields) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			String field = fields.get(i);
			if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
				line.append('"').append(field.replace("\"", "\"\"")).append('"');
			}
			else {
				line.append(field);
			}
		}
		return line.toString();
	}

}
