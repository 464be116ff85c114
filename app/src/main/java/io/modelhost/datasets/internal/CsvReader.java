package io.modelhost.datasets.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.datasets.InvalidDatasetException;
import io.modelhost.datasets.InvalidDatasetException.Problem;
import org.jspecify.annotations.Nullable;

/**
 * Records of RFC 4180 CSV, one at a time, each with the line it starts on. Fields are
 * separated by the dialect's delimiter and may be quoted with {@code "} (a quote inside
 * doubled), which lets them hold delimiters and line breaks. Lines end with LF, CRLF or
 * CR; a leading byte order mark is skipped; blank lines are skipped. What cannot be read
 * on (bytes that are not UTF-8, binary data, a quote never closed, text after a closing
 * quote, a field too long) is an {@link InvalidDatasetException} naming its line. Not
 * thread-safe.
 */
final class CsvReader {

	/** The longest field read; a longer one is refused rather than held in memory. */
	static final int MAX_FIELD_LENGTH = 1 << 20;

	private static final char QUOTE = '"';

	private final CharSource text;

	private final char delimiter;

	private final int maxFields;

	/** The line the reader is on, from 1. */
	private long line = 1;

	private boolean started;

	/** A character read ahead (after a CR), or -2 for none. */
	private int pushedBack = -2;

	/**
	 * @param text the characters
	 * @param delimiter the field delimiter
	 * @param maxFields how many fields of a record to keep; the rest are counted only
	 */
	CsvReader(CharSource text, char delimiter, int maxFields) {
		this.text = text;
		this.delimiter = delimiter;
		this.maxFields = maxFields;
	}

	/**
	 * The next record, or null at the end.
	 * @throws InvalidDatasetException if the text cannot be read on from here
	 */
	@Nullable CsvRecord next() throws IOException {
		int c = read();
		while (c == '\n') {
			// a blank line
			c = read();
		}
		if (c == -1) {
			return null;
		}
		long start = this.line;
		var fields = new ArrayList<String>();
		int count = 0;
		var field = new StringBuilder();
		while (true) {
			if (c == QUOTE) {
				c = readQuoted(field, start);
			}
			else {
				while (c != this.delimiter && c != '\n' && c != -1) {
					append(field, c, start);
					c = read();
				}
			}
			boolean endOfRecord = c != this.delimiter;
			if (count < this.maxFields) {
				fields.add(field.toString());
			}
			count++;
			field.setLength(0);
			if (endOfRecord) {
				return new CsvRecord(start, fields, count);
			}
			c = read();
		}
	}

	/**
	 * Reads a quoted field's content, the opening quote already read; returns the
	 * character after the closing quote, which must end the field.
	 */
	private int readQuoted(StringBuilder field, long start) throws IOException {
		long opened = this.line;
		while (true) {
			int c = read();
			if (c == -1) {
				throw invalid(opened, "a quoted value opened on this line is never closed");
			}
			if (c == QUOTE) {
				int after = read();
				if (after != QUOTE) {
					if (after != this.delimiter && after != '\n' && after != -1) {
						throw invalid(this.line,
								"a quoted value must be followed by the delimiter or the end of the line, " + "but "
										+ describe(after) + " follows the closing quote");
					}
					return after;
				}
			}
			// a line break inside quotes is kept, as LF whatever the file used
			append(field, c, start);
		}
	}

	private void append(StringBuilder field, int c, long start) {
		if (field.length() >= MAX_FIELD_LENGTH) {
			throw invalid(start, "a value is longer than " + MAX_FIELD_LENGTH + " characters");
		}
		field.append((char) c);
	}

	/**
	 * The next character with line ends made {@code \n}, the line counted, a leading BOM
	 * dropped; -1 at the end.
	 */
	private int read() throws IOException {
		int c;
		if (this.pushedBack != -2) {
			c = this.pushedBack;
			this.pushedBack = -2;
		}
		else {
			c = readText();
		}
		if (!this.started) {
			this.started = true;
			if (c == '\uFEFF') {
				c = readText();
			}
		}
		if (c == '\r') {
			int next = readText();
			if (next != '\n') {
				this.pushedBack = next;
			}
			c = '\n';
		}
		if (c == '\n') {
			this.line++;
		}
		else if (c != -1 && c < 0x20 && c != '\t') {
			throw invalid(this.line,
					"the file holds binary data (a control character " + describe(c) + "), not CSV text");
		}
		return c;
	}

	private int readText() throws IOException {
		try {
			return this.text.read();
		}
		catch (CharacterCodingException ex) {
			throw invalid(this.line, "the file is not UTF-8 text (a byte sequence here is not UTF-8): "
					+ "save it as UTF-8, or it may be binary data");
		}
	}

	private static String describe(int c) {
		if (c < 0x20 || c == 0x7f) {
			return String.format("U+%04X", c);
		}
		return "'" + (char) c + "'";
	}

	private static InvalidDatasetException invalid(long line, String message) {
		return new InvalidDatasetException(new Problem(line, message));
	}

	/**
	 * One record.
	 *
	 * @param line the line it starts on
	 * @param fields its fields, at most the reader's {@code maxFields}
	 * @param fieldCount how many fields it has
	 */
	record CsvRecord(long line, List<String> fields, int fieldCount) {

	}

}
