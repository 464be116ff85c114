package io.modelhost.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Why a JSON body could not be read, in this API's own words: a JSON Pointer to the
 * offending place and a detail that never repeats the parser's message (which names
 * library classes and settings). Jackson stops at the first problem, so there is one.
 * Stateless.
 */
public final class JsonBodyProblems {

	private static final Pattern LENGTHS = Pattern.compile("\\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

	private JsonBodyProblems() {
	}

	/**
	 * One problem of a JSON body.
	 *
	 * @param pointer where in the body (RFC 6901), {@code ""} for the whole body
	 * @param detail what is wrong, safe to show
	 */
	public record BodyProblem(String pointer, String detail) {

	}

	/**
	 * The whole body's problem as a sentence for a problem's {@code detail}, e.g.
	 * {@code "Unknown field 'foo' at /foo."}.
	 */
	public static String sentence(BodyProblem problem) {
		return Problems.sentence(problem.detail() + (problem.pointer().isEmpty() ? "" : " at " + problem.pointer()));
	}

	/** The problem behind a failure to read or bind a JSON body. */
	public static BodyProblem describe(JacksonException ex) {
		return describe(ex, null);
	}

	/**
	 * The problem behind a failure to read a JSON body with the parser given, which knows
	 * where it stopped when the failure does not (a limit on the length of a number,
	 * say).
	 */
	public static BodyProblem describe(JacksonException ex, @Nullable JsonParser parser) {
		Parsed parsed = new Parsed(ex, parser);
		return switch (ex) {
			case UnrecognizedPropertyException unknown ->
				new BodyProblem(pointer(unknown), "unknown field '" + unknown.getPropertyName() + "'");
			case InvalidFormatException format -> new BodyProblem(pointer(format),
					quoted(format.getValue()) + " is not " + expected(format.getTargetType()));
			case MismatchedInputException mismatched ->
				new BodyProblem(pointer(mismatched), "expected " + expected(mismatched.getTargetType()) + " here");
			case ValueInstantiationException invalid -> new BodyProblem(pointer(invalid), ownMessage(invalid));
			case StreamConstraintsException limit -> new BodyProblem(parsed.pointer(), limit(limit));
			case UnexpectedEndOfInputException end ->
				new BodyProblem(parsed.pointer(), "the body ends before the JSON is complete");
			default -> describeRead(ex, parsed);
		};
	}

	private static BodyProblem describeRead(JacksonException ex, Parsed parsed) {
		String message = String.valueOf(ex.getOriginalMessage());
		if (message.startsWith("Duplicate Object property") || message.startsWith("Duplicate field")) {
			String pointer = parsed.pointer();
			String name = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
			return new BodyProblem(pointer, "duplicate key '" + name + "'");
		}
		if (!ex.getPath().isEmpty()) {
			return new BodyProblem(pointer(ex), "this value cannot be read");
		}
		var location = ex.getLocation();
		String where = (location != null && location.getLineNr() > 0)
				? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
		return new BodyProblem(parsed.pointer(), "not valid JSON" + where);
	}

	/** A pointer from a binding failure's path of properties and indexes. */
	private static String pointer(JacksonException ex) {
		var pointer = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			pointer.append('/');
			if (reference.getPropertyName() != null) {
				pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
			}
			else if (reference.getIndex() >= 0) {
				pointer.append(reference.getIndex());
			}
			else {
				pointer.append('-');
			}
		}
		return pointer.toString();
	}

	/** A failure to parse, and the parser that failed if known. */
	private record Parsed(JacksonException ex, @Nullable JsonParser parser) {

		/** Where the parser was when it stopped; {@code ""} when unknown. */
		String pointer() {
			JsonParser failed = (this.ex.processor() instanceof JsonParser own) ? own : this.parser;
			if (failed == null) {
				return "";
			}
			try {
				return failed.streamReadContext().pathAsPointer(false).toString();
			}
			catch (RuntimeException ignored) {
				// the context is not usable after this failure: point at the whole body
				return "";
			}
		}

	}

	private static String limit(StreamConstraintsException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		Matcher lengths = LENGTHS.matcher(message);
		String figures = lengths.find() ? " (" + lengths.group(1) + ", at most " + lengths.group(2) + ")" : "";
		if (message.startsWith("Number value length")) {
			return "a number has too many digits" + figures;
		}
		if (message.startsWith("String value length")) {
			return "a text value is too long" + figures;
		}
		if (message.startsWith("Name length")) {
			return "a key is too long" + figures;
		}
		if (message.startsWith("Document nesting depth") || message.contains("nesting depth")) {
			return "objects and arrays are nested too deeply" + figures;
		}
		if (message.startsWith("Document length") || message.startsWith("Token count")) {
			return "the body is too large" + figures;
		}
		return "the body exceeds a limit of this API";
	}

	/**
	 * The message of a validating constructor of ours ({@code "limit must be >= 1"}),
	 * never one from a library.
	 */
	private static String ownMessage(ValueInstantiationException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof IllegalArgumentException && cause.getMessage() != null && cause.getStackTrace().length > 0
				&& cause.getStackTrace()[0].getClassName().startsWith("io.modelhost.")) {
			return cause.getMessage();
		}
		return "this value is not valid";
	}

	private static String quoted(@Nullable Object value) {
		String text = String.valueOf(value);
		if (text.length() > 60) {
			text = text.substring(0, 59) + "…";
		}
		return "'" + text + "'";
	}

	/** What a value of the type looks like, without naming a Java class. */
	static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "a value of another kind";
		}
		if (type.isEnum()) {
			return "one of the allowed values";
		}
		if (type == Instant.class || type == OffsetDateTime.class
				|| Temporal.class.isAssignableFrom(type) && type != LocalDate.class) {
			return "a date and time (ISO 8601, e.g. 2026-01-31T12:00:00Z)";
		}
		if (type == LocalDate.class) {
			return "a date (ISO 8601, e.g. 2026-01-31)";
		}
		if (type == Duration.class) {
			return "a duration (ISO 8601, e.g. PT30S)";
		}
		if (type == UUID.class) {
			return "an id";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class || type == BigInteger.class) {
			return "a whole number";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class
				|| type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
			return "a string";
		}
		if (List.class.isAssignableFrom(type) || java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

}
