package io.modelhost.protocol;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.InvalidInputException.InputProblem;

/** Problems found in a request, up to a bound so that a huge bad request stays cheap. */
final class ProblemList {

	static final int MAX = 50;

	private final List<InputProblem> problems = new ArrayList<>();

	void add(String pointer, String detail) {
		if (this.problems.size() < MAX) {
			this.problems.add(new InputProblem(pointer, detail));
		}
	}

	boolean full() {
		return this.problems.size() >= MAX;
	}

	int size() {
		return this.problems.size();
	}

	boolean isEmpty() {
		return this.problems.isEmpty();
	}

	List<InputProblem> list() {
		return List.copyOf(this.problems);
	}

	/** A JSON Pointer reference token for a member name (RFC 6901). */
	static String escape(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

}
