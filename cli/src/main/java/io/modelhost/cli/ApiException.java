package io.modelhost.cli;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The server refused a request: an RFC 9457 problem (or, from something in front of the
 * server, another body). Exit code 2.
 */
final class ApiException extends CliException {

	private final int status;

	private final @Nullable JsonNode problem;

	ApiException(int status, @Nullable JsonNode problem, String body) {
		super(ExitCodes.REFUSED, describe(status, problem, body));
		this.status = status;
		this.problem = problem;
	}

	/** A refusal that is not an HTTP answer, such as a failed job. */
	ApiException(String message) {
		super(ExitCodes.REFUSED, message);
		this.status = 0;
		this.problem = null;
	}

	int status() {
		return this.status;
	}

	@Nullable JsonNode problem() {
		return this.problem;
	}

	/** The problem's title and status, its detail, each listed error and the hint. */
	static String describe(int status, @Nullable JsonNode problem, String body) {
		if (problem == null || !problem.isObject()) {
			String text = body.strip();
			if (text.length() > 500) {
				text = text.substring(0, 500) + "…";
			}
			return "the server answered " + status + (text.isEmpty() ? "" : ": " + text);
		}
		StringBuilder message = new StringBuilder();
		message.append(text(problem, "title", "Request refused")).append(" (").append(status).append(")");
		String detail = text(problem, "detail", null);
		if (detail != null) {
			message.append(System.lineSeparator()).append(detail);
		}
		JsonNode errors = problem.path("errors");
		if (errors.isArray()) {
			for (JsonNode error : errors) {
				String where = error.has("pointer") ? text(error, "pointer", "") : text(error, "line", "");
				if (error.has("line")) {
					where = "line " + where;
				}
				message.append(System.lineSeparator())
					.append("  ")
					.append(where.isEmpty() ? "" : where + ": ")
					.append(text(error, "detail", ""));
			}
		}
		String hint = text(problem, "hint", null);
		if (hint != null) {
			message.append(System.lineSeparator()).append("Hint: ").append(hint);
		}
		return message.toString();
	}

	private static @Nullable String text(JsonNode node, String name, @Nullable String fallback) {
		JsonNode value = node.get(name);
		return (value == null || value.isNull()) ? fallback : value.asString();
	}

}
