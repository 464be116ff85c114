package io.modelhost.accounts;

/** The email address belongs to another account. */
public final class EmailTakenException extends AccountException {

	public EmailTakenException() {
		super("the email address is taken");
	}

}
