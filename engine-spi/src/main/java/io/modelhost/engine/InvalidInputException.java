package io.modelhost.engine;

import java.util.List;

/**
 * Input a model cannot take, with every problem found.
 */
public final class InvalidInputException extends EngineException {

	private final List<InputProblem> problems;

	public InvalidInputException(List<InputProblem> problems) {
		super(summarize(problems));
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("problems must not be empty");
		}
		this.problems = List.copyOf(problems);
	}

	private static String summarize(List<InputProblem> problems) {
		return problems.size() == 1 ? problems.getFirst().detail() : problems.size() + " problems in the input";
	}

	public List<InputProblem> problems() {
		return this.problems;
	}

	/**
	 * One problem.
	 *
	 * @param pointer a JSON Pointer (RFC 6901) into the request body, e.g.
	 * {@code /inputs/0/2}
	 * @param detail what is wrong, e.g. {@code "expected a number but got a string"}
	 */
	public record InputProblem(String pointer, String detail) {

	}

}
