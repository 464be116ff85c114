package io.modelhost.datasets;

import java.util.List;

/**
 * A file that is not a dataset of its kind: for a CSV, binary data, text that is not
 * UTF-8, an empty file, no header, ragged rows, a quote never closed. Nothing was kept.
 */
public final class InvalidDatasetException extends DatasetException {

	private final List<Problem> problems;

	private final long problemCount;

	/**
	 * @param problems the first problems found, in file order; at least one
	 * @param problemCount how many were found in all ({@code >= problems.size()})
	 */
	public InvalidDatasetException(List<Problem> problems, long problemCount) {
		super(message(problems, problemCount));
		this.problems = List.copyOf(problems);
		this.problemCount = problemCount;
	}

	public InvalidDatasetException(Problem problem) {
		this(List.of(problem), 1);
	}

	private static String message(List<Problem> problems, long count) {
		if (problems.isEmpty() || count < problems.size()) {
			throw new IllegalArgumentException(
					"problems must not be empty, nor more than problemCount " + count + ": " + problems);
		}
		String first = "line " + problems.getFirst().line() + ": " + problems.getFirst().message();
		return switch ((int) Math.min(count, 3)) {
			case 1 -> first;
			case 2 -> first + " (and 1 more problem)";
			default -> first + " (and " + (count - 1) + " more problems)";
		};
	}

	/** The first problems found, in file order. */
	public List<Problem> problems() {
		return this.problems;
	}

	/** How many problems were found in all. */
	public long problemCount() {
		return this.problemCount;
	}

	/**
	 * One thing wrong with the file.
	 *
	 * @param line the line of the file, from 1 (a quoted value can span lines; a row's
	 * problem names the line it starts on)
	 * @param message what is wrong, safe to show a user
	 */
	public record Problem(long line, String message) {

	}

}
