package io.modelhost.accounts;

import java.time.Duration;

/** Too many password changes for this user lately; they may try again after a while. */
public final class TooManyPasswordChangesException extends AccountException {

	private final Duration retryAfter;

	public TooManyPasswordChangesException(Duration retryAfter) {
		super("too many password changes");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
