package io.modelhost.registry;

import java.util.List;

import io.modelhost.engine.InvalidInputException.InputProblem;

/**
 * Feature names or an input example, declared at upload, that are malformed or do not fit
 * the model; nothing was stored.
 */
public final class InvalidDeclarationException extends RegistryException {

	private final List<InputProblem> problems;

	public InvalidDeclarationException(List<InputProblem> problems) {
		super(problems.size() == 1 ? problems.getFirst().detail()
				: "the declaration has " + problems.size() + " problems");
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("problems must not be empty");
		}
		this.problems = List.copyOf(problems);
	}

	/** One problem at one pointer. */
	public InvalidDeclarationException(String pointer, String detail) {
		this(List.of(new InputProblem(pointer, detail)));
	}

	/**
	 * Each problem with a JSON Pointer to the field at fault ({@code /features/2/type},
	 * {@code /input_example/0/sepal length}).
	 */
	public List<InputProblem> problems() {
		return this.problems;
	}

}
