package io.modelhost.accounts;

/** No invitation has this id. */
public final class InvitationNotFoundException extends AccountException {

	public InvitationNotFoundException() {
		super("no such invitation");
	}

}
