package io.modelhost.accounts;

import java.time.Duration;

/**
 * As many passwords are being hashed as the server allows at once
 * ({@code modelhost.accounts.hashing-concurrency}), and none finished within
 * {@code modelhost.accounts.hashing-wait}: the sign-up, login or password change may be
 * tried again shortly.
 */
public final class PasswordHashingBusyException extends AccountException {

	private final Duration retryAfter;

	public PasswordHashingBusyException(Duration retryAfter) {
		super("too many passwords are being checked at once");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
