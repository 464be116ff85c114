package io.modelhost.accounts;

/**
 * A user whose password was just checked.
 *
 * @param account the enabled account
 * @param credentialVersion the user's credential version now: a session signed in with it
 * ends when the version moves on (password change, disabling, demotion)
 */
public record SignedIn(Account account, int credentialVersion) {

	public SignedIn {
		if (credentialVersion < 0) {
			throw new IllegalArgumentException("credentialVersion must be >= 0 but was " + credentialVersion);
		}
	}

}
