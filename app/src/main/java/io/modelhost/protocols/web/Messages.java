package io.modelhost.protocols.web;

import java.util.stream.Collectors;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;

/** Error messages in plain words, with what the client sent kept short and printable. */
public final class Messages {

	private static final int MAX_QUOTED = 100;

	private Messages() {
	}

	/** Client text for a message: no control characters, at most 100 characters. */
	public static String quote(String text) {
		String clean = text.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (clean.length() <= MAX_QUOTED) ? clean : clean.substring(0, MAX_QUOTED - 1) + "…";
	}

	/**
	 * Every problem of an input in one line: {@code detail (at /pointer); detail ...}.
	 */
	public static String describe(InvalidInputException ex) {
		return ex.problems().stream().map(Messages::describe).collect(Collectors.joining("; "));
	}

	private static String describe(InputProblem problem) {
		return problem.pointer().isEmpty() ? problem.detail() : problem.detail() + " (at " + problem.pointer() + ")";
	}

}
