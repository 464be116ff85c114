package io.modelhost.accounts;

/** A login with an unknown username or a wrong password: the two are not told apart. */
public final class InvalidCredentialsException extends AccountException {

	public InvalidCredentialsException() {
		super("invalid username or password");
	}

}
