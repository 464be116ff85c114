package io.modelhost.engine.djl;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.engine.SafeText;

/**
 * Turns libtorch's errors into plain sentences safe to show a user.
 *
 * <p>
 * An error raised inside a TorchScript program comes as a traceback of the serialized
 * code, then of the author's original Python code (with the author's file paths), and
 * ends with the error itself: {@code RuntimeError: mat1 and mat2 shapes cannot be
 * multiplied (2x3 and 4x16)}. Only that last message is kept; other errors keep their
 * first line. {@link SafeText} removes any path left and bounds the length.
 */
final class TorchErrors {

	/** The request PyTorch appends to some messages. */
	private static final Pattern IMPROVE_REQUEST = Pattern
		.compile("\\s*\\(Could this error message be improved\\?[^)]*\\)");

	private static final Pattern PYTHON_ERROR = Pattern.compile("^\\w*(?:Error|Exception): (.+)$", Pattern.MULTILINE);

	/**
	 * What libtorch says when the input does not fit the model: a shape, size, rank or
	 * element type it did not expect.
	 */
	private static final List<Pattern> INPUT_PROBLEMS = List.of(Pattern.compile("cannot be multiplied"),
			Pattern.compile("shape", Pattern.CASE_INSENSITIVE), Pattern.compile("size", Pattern.CASE_INSENSITIVE),
			Pattern.compile("dimension", Pattern.CASE_INSENSITIVE), Pattern.compile("\\bdtype\\b"),
			Pattern.compile("scalar type"), Pattern.compile("to have \\d+ channels"),
			Pattern.compile("must have the same"), Pattern.compile("\\b\\d+D\\b.*input"));

	private TorchErrors() {
	}

	/**
	 * The message of the innermost cause that has one, reduced to the error itself, with
	 * the given file's path (even one with spaces) replaced.
	 */
	static String plain(Throwable failure, Path file) {
		String absolute = file.toAbsolutePath().toString();
		return SafeText.clean(error(failure).replace(absolute, "<file>"));
	}

	/** The message of the innermost cause that has one, reduced to the error itself. */
	static String plain(Throwable failure) {
		return SafeText.clean(error(failure));
	}

	private static String error(Throwable failure) {
		String message = null;
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current.getMessage() != null && !current.getMessage().isBlank()) {
				message = current.getMessage();
			}
		}
		if (message == null) {
			return "no details";
		}
		Matcher error = PYTHON_ERROR.matcher(message);
		String last = null;
		while (error.find()) {
			last = error.group(1);
		}
		return IMPROVE_REQUEST.matcher((last != null) ? last : message).replaceAll("");
	}

	/** Whether a plain message says the input did not fit the model. */
	static boolean isInputProblem(String plain) {
		return INPUT_PROBLEMS.stream().anyMatch((pattern) -> pattern.matcher(plain).find());
	}

}
