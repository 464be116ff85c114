package io.modelhost.accounts;

/** The username belongs to another account. */
public final class UsernameTakenException extends AccountException {

	public UsernameTakenException() {
		super("the username is taken");
	}

}
