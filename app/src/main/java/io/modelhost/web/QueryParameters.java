package io.modelhost.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Reading optional query parameters the same way on every endpoint: blank is absent, and
 * a value that cannot be read is an {@link InvalidParameterException} naming the
 * parameter.
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/** The value stripped, or null when it is missing or blank. */
	public static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * An ISO-8601 instant, or null when the parameter is missing or blank.
	 * @throws InvalidParameterException if it is not an instant
	 */
	public static @Nullable Instant instant(String parameter, @Nullable String value) {
		String text = blankToNull(value);
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException(parameter,
					parameter + " must be an ISO-8601 instant such as 2025-01-31T00:00:00Z");
		}
	}

	/**
	 * A whole number in {@code min..max}.
	 * @throws InvalidParameterException if it is not one
	 */
	public static int number(String parameter, String value, int min, int max) {
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// not a whole number: answered like one out of range
		}
		throw new InvalidParameterException(parameter, parameter + " must be a whole number in " + min + ".." + max);
	}

}
