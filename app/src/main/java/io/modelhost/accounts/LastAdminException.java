package io.modelhost.accounts;

/**
 * The change would leave the platform without an enabled administrator: the last one
 * cannot be disabled, demoted or deleted.
 */
public final class LastAdminException extends AccountException {

	public LastAdminException() {
		super("the last enabled administrator cannot be disabled, demoted or deleted");
	}

}
