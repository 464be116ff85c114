package io.modelhost.accounts;

/**
 * Sign-up needs an invitation and the one given does not admit it: missing, unknown,
 * used, expired, revoked, or made for another email address. One exception for all, so
 * that nobody learns which invitations exist.
 */
public final class InvitationInvalidException extends AccountException {

	public InvitationInvalidException() {
		super("invitation missing, unknown, used, expired, revoked or for another email address");
	}

}
