package io.modelhost.accounts;

/** Sign-up is closed ({@code modelhost.accounts.registration=closed}). */
public final class RegistrationClosedException extends AccountException {

	public RegistrationClosedException() {
		super("registration is closed");
	}

}
