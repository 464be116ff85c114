package io.modelhost.registry;

import java.util.List;

import io.modelhost.engine.InvalidInputException.InputProblem;

/**
 * A traffic split that cannot be: unknown fields, percentages that do not add up to 100,
 * a canary or shadow that is the version production serves.
 */
public final class InvalidTrafficException extends RegistryException {

	private final List<InputProblem> problems;

	public InvalidTrafficException(List<InputProblem> problems) {
		super(problems.getFirst().detail());
		this.problems = List.copyOf(problems);
	}

	public InvalidTrafficException(String pointer, String detail) {
		this(List.of(new InputProblem(pointer, detail)));
	}

	/** What is wrong, each at its JSON pointer in the body. */
	public List<InputProblem> problems() {
		return this.problems;
	}

}
