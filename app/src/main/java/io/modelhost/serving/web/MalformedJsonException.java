package io.modelhost.serving.web;

import io.modelhost.web.JsonBodyProblems;
import io.modelhost.web.JsonBodyProblems.BodyProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;

/**
 * A prediction request body that is not JSON, or breaks a rule of reading it (a duplicate
 * key, a number with too many digits). The message is ours, never the parser's.
 */
final class MalformedJsonException extends RuntimeException {

	private final BodyProblem problem;

	/**
	 * @param parser the parser that was reading the body, which knows where it stopped
	 */
	MalformedJsonException(JacksonException cause, JsonParser parser) {
		this(JsonBodyProblems.describe(cause, parser), cause);
	}

	private MalformedJsonException(BodyProblem problem, JacksonException cause) {
		super(problem.detail(), cause);
		this.problem = problem;
	}

	BodyProblem problem() {
		return this.problem;
	}

}
