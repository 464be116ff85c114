package io.modelhost.web;

import io.modelhost.DatabaseAvailability;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Recognises a request that failed because the database could not be reached (or failed
 * in a way that passes on retry: a lock or query timeout), so that it answers 503
 * {@code database-unavailable} with {@code Retry-After} rather than 500. See
 * {@link DatabaseAvailability#isRetryable(Throwable)}.
 */
public final class DatabaseUnavailable {

	/** Seconds a client is asked to wait before trying again. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private DatabaseUnavailable() {
	}

	/** Whether the exception or one of its causes says the database is unavailable. */
	public static boolean causedBy(@Nullable Throwable exception) {
		return exception != null && DatabaseAvailability.isRetryable(exception);
	}

	/** The problem to answer: 503 {@code database-unavailable}. */
	public static ProblemDetail problem() {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
				"The server cannot reach its database just now. Try again in a few seconds; predictions with "
						+ "models and keys already in use go on meanwhile.");
	}

	/** The innermost cause's text, for a log line without a stack trace. */
	public static String rootCause(Throwable exception) {
		Throwable root = exception;
		for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
			root = root.getCause();
		}
		return root.toString();
	}

}
