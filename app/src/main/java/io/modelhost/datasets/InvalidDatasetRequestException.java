package io.modelhost.datasets;

/** A field of an upload (name, description) is missing or invalid. */
public final class InvalidDatasetRequestException extends DatasetException {

	private final String field;

	public InvalidDatasetRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The field at fault, as the API spells it. */
	public String field() {
		return this.field;
	}

}
