package io.modelhost.protocols.mlflow;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.protocols.web.MalformedBodyException;
import org.jspecify.annotations.Nullable;

/**
 * Splits CSV text into records (RFC 4180), one at a time: fields separated by commas,
 * records by CRLF or LF, fields in double quotes may hold commas, line breaks and doubled
 * quotes. A leading byte order mark and blank lines are skipped. The caller reads only as
 * many records as it will take, so a huge body costs no more than that.
 */
final class CsvReader {

	private final String text;

	private int position;

	private int line = 1;

	CsvReader(String text) {
		this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
	}

	/**
	 * The next record that is not blank, keeping at most {@code maxFields} of its fields
	 * (the rest are counted, not kept), or null at the end of the text.
	 * @throws MalformedBodyException if a quoted field is not closed
	 */
	CsvTable.@Nullable Record next(int maxFields) {
		while (this.position < this.text.length()) {
			int start = this.line;
			var fields = new Fields(maxFields);
			record(fields);
			boolean blank = fields.count == 1 && fields.kept.getFirst().isEmpty();
			if (!blank) {
				return new CsvTable.Record(fields.kept, fields.count, start);
			}
		}
		return null;
	}

	private void record(Fields fields) {
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
				fields.add(field);
				field.setLength(0);
				wasQuoted = false;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && peek() == '\n') {
					this.position++;
				}
				this.line++;
				fields.add(field);
				return;
			}
			else {
				field.append(c);
			}
		}
		if (quoted) {
			throw new MalformedBodyException("the CSV body is not valid: a quoted field is not closed");
		}
		fields.add(field);
	}

	private int peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : -1;
	}

	/** A record's fields: the first {@code max} kept, all counted. */
	private static final class Fields {

		private final int max;

		private final List<String> kept = new ArrayList<>();

		private int count;

		Fields(int max) {
			this.max = max;
		}

		void add(CharSequence field) {
			if (this.count++ < this.max) {
				this.kept.add(field.toString());
			}
		}

	}

}
