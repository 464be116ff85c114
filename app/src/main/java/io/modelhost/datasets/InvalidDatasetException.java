package io.modelhost.datasets;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A file that is not a dataset of its kind: for a CSV, binary data, text that is not
 * UTF-8, an empty file, no header, ragged rows, a quote never closed; for a zip of
 * pictures, an archive that is not a zip or breaks a limit, unsafe entry names, pictures
 * without labels or labels without pictures, unreadable pictures. Nothing was kept.
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
		String first = problems.getFirst().where() + problems.getFirst().message();
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
	 * @param line the line of the file (or of the archive's entry), from 1 (a quoted
	 * value can span lines; a row's problem names the line it starts on); 0 when the
	 * problem is not about a line
	 * @param entry the archive's entry at fault, as the archive names it; null for a CSV
	 * and for the archive as a whole
	 * @param message what is wrong, safe to show a user
	 */
	public record Problem(long line, @Nullable String entry, String message) {

		public Problem {
			if (line < 0) {
				throw new IllegalArgumentException("line must be >= 0 but was " + line);
			}
		}

		/** A problem on a line of a CSV. */
		public Problem(long line, String message) {
			this(line, null, message);
		}

		/** A problem with an archive's entry, or the archive as a whole (null). */
		public static Problem entry(@Nullable String entry, String message) {
			return new Problem(0, entry, message);
		}

		/**
		 * Where the problem is, for a message: {@code "line 3: "},
		 * {@code "entry 'a/1.png': "}, {@code "entry 'labels.txt', line 3: "}.
		 */
		String where() {
			String line = (this.line > 0) ? "line " + this.line : "";
			if (this.entry == null) {
				return line.isEmpty() ? "" : line + ": ";
			}
			return "entry '" + this.entry + "'" + (line.isEmpty() ? "" : ", " + line) + ": ";
		}

	}

}
