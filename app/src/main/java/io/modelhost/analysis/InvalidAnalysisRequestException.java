package io.modelhost.analysis;

import java.util.List;

/**
 * An evaluation or comparison that cannot run as asked; nothing was stored. Carries every
 * problem found, each with the field at fault.
 */
public final class InvalidAnalysisRequestException extends AnalysisException {

	private final List<Problem> problems;

	private final List<String> missingFeatures;

	public InvalidAnalysisRequestException(List<Problem> problems, List<String> missingFeatures) {
		super(summary(problems));
		this.problems = List.copyOf(problems);
		this.missingFeatures = List.copyOf(missingFeatures);
	}

	/** Every problem, in the order the fields were checked; never empty. */
	public List<Problem> problems() {
		return this.problems;
	}

	/**
	 * The model features the dataset has no column for (of every model compared), empty
	 * when that is not a problem.
	 */
	public List<String> missingFeatures() {
		return this.missingFeatures;
	}

	private static String summary(List<Problem> problems) {
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("an invalid request has at least one problem");
		}
		return (problems.size() == 1) ? problems.getFirst().message()
				: problems.getFirst().message() + " (and " + (problems.size() - 1) + " more)";
	}

	/**
	 * One problem of a request.
	 *
	 * @param field the field as the API names it, a JSON pointer without its slash, e.g.
	 * {@code dataset_id} or {@code model_ids/1}
	 * @param message what is wrong, safe to show
	 */
	public record Problem(String field, String message) {

	}

}
