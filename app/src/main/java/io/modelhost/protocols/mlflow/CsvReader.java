package io.modelhost.protocols.mlflow;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.protocols.web.MalformedBodyException;

/**
 * Splits CSV text into records (RFC 4180): fields separated by commas, records by CRLF or
 * LF, fields in double quotes may hold commas, line breaks and doubled quotes. A leading
 * byte order mark and blank lines are skipped.
 */
final class CsvReader {

	private final String text;

	private int position;

	private int line = 1;

	CsvReader(String text) {
		this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
	}

	/**
	 * The records, the header first.
	 * @throws MalformedBodyException if a quoted field is not closed
	 */
	List<CsvTable.Record> records() {
		var records = new ArrayList<CsvTable.Record>();
		while (this.position < this.text.length()) {
			int start = this.line;
			List<String> fields = record();
			boolean blank = fields.size() == 1 && fields.getFirst().isEmpty();
			if (!blank) {
				records.add(new CsvTable.Record(fields, start));
			}
		}
		return records;
	}

	private List<String> record() {
		var fields = new ArrayList<String>();
		var field = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position++);
			if (quoted) {
				if (c == '"' && peek() == '"') {
					field.append('"');
					this.position++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					if (c == '\n') {
						this.line++;
					}
					field.append(c);
				}
			}
			else if (c == '"' && field.isEmpty() && !wasQuoted) {
				quoted = true;
				wasQuoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
				wasQuoted = false;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && peek() == '\n') {
					this.position++;
				}
				this.line++;
				fields.add(field.toString());
				return fields;
			}
			else {
				field.append(c);
			}
		}
		if (quoted) {
			throw new MalformedBodyException("the CSV body is not valid: a quoted field is not closed");
		}
		fields.add(field.toString());
		return fields;
	}

	private int peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : -1;
	}

}
