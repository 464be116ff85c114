package io.modelhost.accounts;

/** No user has this id. */
public final class UserNotFoundException extends AccountException {

	public UserNotFoundException() {
		super("no such user");
	}

}
