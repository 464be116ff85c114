package io.modelhost.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details with a stable type URI per problem. The catalogue of
 * types is in {@code docs/api-errors.md}.
 */
public final class Problems {

	/**
	 * The order of the modules' exception handlers: after protocol adapters that answer
	 * errors in their protocol's own format, before the fallback handler.
	 */
	public static final int MODULE_ADVICE_ORDER = org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100;

	/** Where problem types live; a type is this plus its slug. */
	public static final String TYPE_BASE = "https://modelhost.io/problems/";

	private Problems() {
	}

	/**
	 * A problem.
	 * @param status the HTTP status
	 * @param slug the problem type's stable name, e.g. {@code model-not-found}
	 * @param title a fixed, short summary of the problem type
	 * @param detail what happened in this case, safe to show a user
	 */
	public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		return problem;
	}

	/** Text as a sentence: capitalised, ending with a full stop. */
	public static String sentence(String text) {
		String sentence = text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
		return sentence.endsWith(".") ? sentence : sentence + ".";
	}

	/** The type URI of a slug. */
	public static URI type(String slug) {
		return URI.create(TYPE_BASE + slug);
	}

}
