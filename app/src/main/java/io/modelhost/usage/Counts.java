package io.modelhost.usage;

import org.jspecify.annotations.Nullable;

/**
 * Requests by outcome.
 *
 * @param success answered 1xx-3xx
 * @param clientError answered 4xx
 * @param serverError answered 5xx
 */
public record Counts(long success, long clientError, long serverError) {

	public long total() {
		return this.success + this.clientError + this.serverError;
	}

	/** Successes as a fraction of all requests, or null if there were none. */
	public @Nullable Double successRate() {
		long total = total();
		return (total > 0) ? (double) this.success / total : null;
	}

}
