package io.modelhost.protocols.oip;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;

/**
 * Problems found in an inference request, up to a bound so a huge bad request stays
 * cheap.
 */
final class InputProblems {

	private static final int MAX = 50;

	private final List<InputProblem> problems = new ArrayList<>();

	void add(String pointer, String detail) {
		if (this.problems.size() < MAX) {
			this.problems.add(new InputProblem(pointer, detail));
		}
	}

	void addAll(List<InputProblem> more) {
		more.forEach((problem) -> add(problem.pointer(), problem.detail()));
	}

	boolean full() {
		return this.problems.size() >= MAX;
	}

	boolean isEmpty() {
		return this.problems.isEmpty();
	}

	/**
	 * Throws if any problem was found.
	 * @throws InvalidInputException with every problem
	 */
	void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw new InvalidInputException(this.problems);
		}
	}

}
