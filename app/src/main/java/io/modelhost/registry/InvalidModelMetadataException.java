package io.modelhost.registry;

/** A name or description that is missing or not acceptable. */
public final class InvalidModelMetadataException extends RegistryException {

	private final String field;

	public InvalidModelMetadataException(String field, String problem) {
		super(problem);
		this.field = field;
	}

	/** The field at fault: {@code name} or {@code description}. */
	public String field() {
		return this.field;
	}

}
