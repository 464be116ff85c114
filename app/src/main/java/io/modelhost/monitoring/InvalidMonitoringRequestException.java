package io.modelhost.monitoring;

/** A parameter or field of a monitoring request that is not acceptable. */
public final class InvalidMonitoringRequestException extends MonitoringException {

	private final String field;

	/**
	 * @param field the parameter or field at fault, as the API names it, e.g.
	 * {@code error_rate}
	 * @param problem what is wrong with it, safe to show the caller
	 */
	public InvalidMonitoringRequestException(String field, String problem) {
		super(problem);
		this.field = field;
	}

	/** The parameter or field at fault, as the API names it. */
	public String field() {
		return this.field;
	}

}
