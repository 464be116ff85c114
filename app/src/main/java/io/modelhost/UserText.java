package io.modelhost;

import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * What users type or send as names: the checks every module applies to a name or
 * description it stores, and a client's file name made safe to show.
 */
public final class UserText {

	/** The longest file name kept. */
	private static final int MAX_FILENAME = 255;

	private UserText() {
	}

	/**
	 * A required text field, stripped: not blank, at most {@code max} characters, no
	 * control characters but line breaks and tabs.
	 * @param invalid builds the module's own exception from the field's name and a
	 * message naming it
	 */
	public static String required(String field, @Nullable String value, int max,
			BiFunction<String, String, ? extends RuntimeException> invalid) {
		String clean = (value != null) ? value.strip() : "";
		if (clean.isEmpty()) {
			throw invalid.apply(field, "'" + field + "' is required and must not be blank");
		}
		if (clean.length() > max) {
			throw invalid.apply(field, "'" + field + "' must be at most " + max + " characters");
		}
		if (clean.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
			throw invalid.apply(field, "'" + field + "' must not contain control characters");
		}
		return clean;
	}

	/**
	 * A client's file name, for display only: no directories, no control or format
	 * characters, at most 255 characters; empty for none.
	 */
	public static String filename(@Nullable String filename) {
		if (filename == null) {
			return "";
		}
		String name = filename.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1);
		name = name.codePoints()
			.filter((c) -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		return (name.length() <= MAX_FILENAME) ? name : name.substring(0, MAX_FILENAME);
	}

}
