package io.modelhost.datasets.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.modelhost.datasets.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * What a CSV cell holds: missing or not, a whole number, a decimal number, a boolean
 * word. The rules are written down in docs/datasets.md; the profiler and the row reader
 * both read cells through here, so a column's type and its values always agree.
 */
final class Cells {

	/**
	 * Cells that mean "no value" (after surrounding spaces are dropped), as pandas reads
	 * them by default, less its rarer spellings.
	 */
	static final Set<String> MISSING = Set.of("", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "#N/A",
			"<NA>");

	private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

	private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

	private Cells() {
	}

	/** The cell without surrounding spaces, or null when it is missing. */
	static @Nullable String value(String cell) {
		String value = cell.strip();
		return MISSING.contains(value) ? null : value;
	}

	/** The whole number written, or null if it is not one that fits a long. */
	static @Nullable Long integer(String value) {
		if (!INTEGER.matcher(value).matches()) {
			return null;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			// too many digits for a long: a decimal number
			return null;
		}
	}

	/** The finite number written (whole or decimal), or null if it is not one. */
	static @Nullable Double number(String value) {
		if (!DECIMAL.matcher(value).matches()) {
			return null;
		}
		double number = Double.parseDouble(value);
		return Double.isFinite(number) ? number : null;
	}

	/** {@code true}/{@code yes} or {@code false}/{@code no}, any case; else null. */
	static @Nullable BooleanWord bool(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> BooleanWord.TRUE;
			case "false" -> BooleanWord.FALSE;
			case "yes" -> BooleanWord.YES;
			case "no" -> BooleanWord.NO;
			default -> null;
		};
	}

	/**
	 * A cell as a value of a column of this type: Long, Double, Boolean or String, null
	 * when missing.
	 * @throws IllegalStateException if the cell does not fit the type (the file changed
	 * since it was profiled)
	 */
	static @Nullable Object typed(String cell, ColumnType type) {
		String value = value(cell);
		if (value == null) {
			return null;
		}
		Object typed = switch (type) {
			case INTEGER -> integer(value);
			case NUMBER -> number(value);
			case BOOLEAN -> {
				BooleanWord word = bool(value);
				yield (word != null) ? word.value() : null;
			}
			case CATEGORY, TEXT -> value;
		};
		if (typed == null) {
			throw new IllegalStateException("a stored " + type.id() + " column holds '" + value + "'");
		}
		return typed;
	}

	/** The words a boolean column may use: true/false, or yes/no. */
	enum BooleanWord {

		TRUE(true, false), FALSE(false, false), YES(true, true), NO(false, true);

		private final boolean value;

		private final boolean yesNo;

		BooleanWord(boolean value, boolean yesNo) {
			this.value = value;
			this.yesNo = yesNo;
		}

		boolean value() {
			return this.value;
		}

		/** Whether the word is yes or no rather than true or false. */
		boolean yesNo() {
			return this.yesNo;
		}

	}

}
