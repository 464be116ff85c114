package io.modelhost.engine;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Turns a library's exception message into text that is safe to show a user: no file
 * system paths, no stack traces, bounded length.
 */
public final class SafeText {

	private static final Pattern PATH = Pattern.compile("(?<![\\w.])(?:[A-Za-z]:)?(?:[/\\\\][\\w.@+\\-]+){2,}[/\\\\]?");

	private static final int MAX_LENGTH = 300;

	private SafeText() {
	}

	/** The first line of the throwable's message (or of its cause's), paths removed. */
	public static String describe(Throwable throwable) {
		Throwable current = throwable;
		while (current != null) {
			String message = current.getMessage();
			Throwable cause = current.getCause();
			// a wrapper without a message of its own repeats its cause's class name: skip
			// it
			boolean wrapper = cause != null && cause.toString().equals(message);
			if (message != null && !message.isBlank() && !wrapper) {
				return clean(message);
			}
			current = current.getCause();
		}
		return "no details";
	}

	/**
	 * The text with paths replaced by {@code <file>}, first line only, bounded length.
	 */
	public static String clean(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return "no details";
		}
		String firstLine = text.strip().lines().findFirst().orElse("");
		String cleaned = PATH.matcher(firstLine).replaceAll("<file>");
		return cleaned.length() <= MAX_LENGTH ? cleaned : cleaned.substring(0, MAX_LENGTH - 1) + "…";
	}

}
