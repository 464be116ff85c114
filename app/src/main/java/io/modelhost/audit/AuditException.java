package io.modelhost.audit;

/** Base of what the audit module throws on purpose. */
public abstract sealed class AuditException extends RuntimeException
		permits InvalidAuditQueryException, NotAnAdministratorException {

	protected AuditException(String message) {
		super(message);
	}

}
