package io.modelhost.registry;

import java.util.List;

import io.modelhost.engine.InvalidInputException.InputProblem;

/**
 * An image input declaration that is malformed or does not fit the model; nothing was
 * stored.
 */
public final class InvalidImageInputException extends RegistryException {

	private final List<InputProblem> problems;

	public InvalidImageInputException(List<InputProblem> problems) {
		super(problems.size() == 1 ? problems.getFirst().detail()
				: "the image input has " + problems.size() + " problems");
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("problems must not be empty");
		}
		this.problems = List.copyOf(problems);
	}

	/** Each problem with a JSON Pointer to the field at fault. */
	public List<InputProblem> problems() {
		return this.problems;
	}

}
