package io.modelhost.web;

/**
 * A query parameter that cannot be read: answered with 400 {@code invalid-request} and an
 * {@code errors} entry pointing at {@code /<parameter>}.
 */
public final class InvalidParameterException extends RuntimeException {

	private final String parameter;

	public InvalidParameterException(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	/** The parameter at fault, as the client spelled it. */
	public String parameter() {
		return this.parameter;
	}

}
