package io.modelhost.capture.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Lines of RFC 4180 CSV: a field with a comma, quote or line break is quoted. */
final class CsvLines {

	private CsvLines() {
	}

	static String line(List<@Nullable Object> fields) {
		var line = new StringBuilder();
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			Object field = fields.get(i);
			String text = (field != null) ? field.toString() : "";
			if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
					|| text.indexOf('\r') >= 0) {
				line.append('"').append(text.replace("\"", "\"\"")).append('"');
			}
			else {
				line.append(text);
			}
		}
		return line.append("\r\n").toString();
	}

}
