package io.modelhost.dashboard;

import org.jspecify.annotations.Nullable;

/**
 * What the test console shows after a call: the HTTP status the API would have answered,
 * the response body, and the latency.
 *
 * @param ran whether a call was made
 * @param status the status the API would answer with
 * @param body the response (pretty JSON) or what went wrong
 * @param latencyMs how long the call took on the server
 * @param errorType the problem type the API would have answered, or null for a success
 */
record ConsoleResult(boolean ran, int status, String body, @Nullable Double latencyMs, @Nullable String errorType) {

	static ConsoleResult none() {
		return new ConsoleResult(false, 0, "", null, null);
	}

	public boolean ok() {
		return this.status >= 200 && this.status < 300;
	}

}
