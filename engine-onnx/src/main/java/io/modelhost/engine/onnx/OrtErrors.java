package io.modelhost.engine.onnx;

import java.nio.file.Path;
import java.util.regex.Pattern;

import ai.onnxruntime.OrtException;
import io.modelhost.engine.SafeText;

/**
 * Turns ONNX Runtime's error messages into plain sentences safe to show a user: no file
 * paths, no source locations, no error-code prefixes, one line of bounded length (the
 * last two by {@link SafeText}).
 */
final class OrtErrors {

	/** {@code Error code - ORT_FAIL - message: } in front of every native message. */
	private static final Pattern CODE_PREFIX = Pattern.compile("^Error code - \\w+ - message: ");

	/** {@code Load model from /some/path failed:} */
	private static final Pattern LOAD_PREFIX = Pattern.compile("Load model from .*? failed:\\s*");

	/**
	 * A source location with the C++ function after it, e.g.
	 * {@code model.cc:180 onnxruntime::Model::Model(...) }.
	 */
	private static final Pattern SOURCE_LOCATION = Pattern
		.compile("\\S+\\.(?:cc|cpp|h):\\d+ (?:\\S*::\\S*\\(.*?\\) )?");

	/** Anything that still looks like an absolute path, quoted or not. */
	private static final Pattern PATH = Pattern.compile("(?<![\\w.])/[^\\s:'\"]+");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private OrtErrors() {
	}

	/** The message of an ONNX Runtime error, without paths or source locations. */
	static String plain(OrtException ex) {
		return clean(String.valueOf(ex.getMessage()));
	}

	/**
	 * The message of an error ONNX Runtime raised about a file, without that file's path
	 * (even one with spaces), other paths or source locations.
	 */
	static String plain(OrtException ex, Path file) {
		Path absolute = file.toAbsolutePath();
		String message = String.valueOf(ex.getMessage()).replace(absolute.toString(), "<file>");
		Path folder = absolute.getParent();
		return clean((folder != null) ? message.replace(folder.toString(), "<folder>") : message);
	}

	private static String clean(String message) {
		message = CODE_PREFIX.matcher(message).replaceFirst("");
		message = LOAD_PREFIX.matcher(message).replaceAll("");
		message = SOURCE_LOCATION.matcher(message).replaceAll("");
		message = PATH.matcher(message).replaceAll("<file>");
		// SafeText keeps the first line only, and ONNX Runtime spreads sentences over
		// lines
		return SafeText.clean(WHITESPACE.matcher(message).replaceAll(" "));
	}

}
