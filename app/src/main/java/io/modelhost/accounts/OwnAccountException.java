package io.modelhost.accounts;

/**
 * An administrator tried to disable, demote or delete their own account: another
 * administrator must do it, so nobody locks themselves out by mistake.
 */
public final class OwnAccountException extends AccountException {

	public OwnAccountException() {
		super("administrators cannot disable, demote or delete themselves");
	}

}
