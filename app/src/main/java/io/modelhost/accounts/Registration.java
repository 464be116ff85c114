package io.modelhost.accounts;

/**
 * Who may create an account through {@code POST /api/v1/auth/register} and the
 * dashboard's sign-up page ({@code modelhost.accounts.registration}). Administrators can
 * always create users.
 */
public enum Registration {

	/** Anyone may sign up (the default). */
	OPEN,

	/** Only with an unused, unexpired invitation an administrator created. */
	INVITE,

	/** No one may sign up; administrators create the users. */
	CLOSED

}
