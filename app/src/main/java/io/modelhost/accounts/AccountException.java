package io.modelhost.accounts;

/** Base of what the accounts module throws on purpose. */
public abstract sealed class AccountException extends RuntimeException
		permits UsernameTakenException, EmailTakenException, InvalidCredentialsException, ApiKeyNotFoundException,
		TooManyLoginAttemptsException, ModelOutOfScopeException, UserNotFoundException, OwnAccountException,
		LastAdminException, PasswordHashingBusyException, TooManyPasswordChangesException, RegistrationClosedException,
		InvitationInvalidException, InvitationNotFoundException, ModelLimitReachedException,
		StorageLimitReachedException {

	protected AccountException(String message) {
		super(message);
	}

}
