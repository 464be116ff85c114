package io.modelhost.batch;

/** A submission that names no dataset, or a dataset and a file at once. */
public final class InvalidBatchRequestException extends BatchException {

	private final String field;

	public InvalidBatchRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The request field at fault, for its JSON pointer. */
	public String field() {
		return this.field;
	}

}
