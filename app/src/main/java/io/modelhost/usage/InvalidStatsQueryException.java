package io.modelhost.usage;

/** A parameter of a statistics query that is not acceptable. */
public final class InvalidStatsQueryException extends UsageException {

	private final String parameter;

	/**
	 * @param parameter the parameter at fault, as the API names it, e.g. {@code from}
	 * @param problem what is wrong with it, safe to show the caller
	 */
	public InvalidStatsQueryException(String parameter, String problem) {
		super(problem);
		this.parameter = parameter;
	}

	/** The parameter at fault, as the API names it, e.g. {@code bucket}. */
	public String parameter() {
		return this.parameter;
	}

}
