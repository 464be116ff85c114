package io.modelhost.training;

import java.util.List;

/**
 * A training order that cannot be run as asked; nothing was stored. Carries every problem
 * found, each with the field at fault.
 */
public final class InvalidTrainingOrderException extends TrainingException {

	private final List<Problem> problems;

	public InvalidTrainingOrderException(List<Problem> problems) {
		super(summary(problems));
		this.problems = List.copyOf(problems);
	}

	/** Every problem, in the order the fields were checked; never empty. */
	public List<Problem> problems() {
		return this.problems;
	}

	private static String summary(List<Problem> problems) {
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("an invalid order has at least one problem");
		}
		return (problems.size() == 1) ? problems.getFirst().message()
				: problems.getFirst().message() + " (and " + (problems.size() - 1) + " more)";
	}

	/**
	 * One problem of an order.
	 *
	 * @param field the field as the API names it, e.g. {@code target}
	 * @param message what is wrong, safe to show
	 */
	public record Problem(String field, String message) {

	}

}
