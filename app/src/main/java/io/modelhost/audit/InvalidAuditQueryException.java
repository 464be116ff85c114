package io.modelhost.audit;

/** A filter or page parameter of an audit query that is not acceptable. */
public final class InvalidAuditQueryException extends AuditException {

	private final String parameter;

	/**
	 * @param parameter the parameter at fault, as the API names it, e.g. {@code since}
	 * @param problem what is wrong with it, safe to show the caller
	 */
	public InvalidAuditQueryException(String parameter, String problem) {
		super(problem);
		this.parameter = parameter;
	}

	/** The parameter at fault, as the API names it, e.g. {@code target_id}. */
	public String parameter() {
		return this.parameter;
	}

}
