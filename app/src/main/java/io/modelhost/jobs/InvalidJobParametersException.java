package io.modelhost.jobs;

/**
 * A job's parameters were refused by its handler when it was submitted; nothing was
 * stored.
 */
public final class InvalidJobParametersException extends JobException {

	private final String field;

	/**
	 * @param field the parameter at fault, as the API names it (e.g. {@code target})
	 * @param message what is wrong with it, safe to show the submitter
	 */
	public InvalidJobParametersException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
