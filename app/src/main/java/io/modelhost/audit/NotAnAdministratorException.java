package io.modelhost.audit;

/** Something only administrators may ask for, asked by someone else. */
public final class NotAnAdministratorException extends AuditException {

	public NotAnAdministratorException(String what) {
		super(what + " is for administrators only");
	}

}
