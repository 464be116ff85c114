package io.modelhost.accounts;

import java.time.Duration;

/** Too many failed logins for this username lately; it may try again after a while. */
public final class TooManyLoginAttemptsException extends AccountException {

	private final Duration retryAfter;

	public TooManyLoginAttemptsException(Duration retryAfter) {
		super("too many failed logins");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
