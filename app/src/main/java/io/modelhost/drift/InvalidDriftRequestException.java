package io.modelhost.drift;

import java.util.List;

/**
 * A drift request with a field that cannot be used, such as a dataset without the model's
 * features.
 */
public final class InvalidDriftRequestException extends DriftException {

	private final String field;

	private final List<String> missingFeatures;

	public InvalidDriftRequestException(String field, String message) {
		this(field, message, List.of());
	}

	public InvalidDriftRequestException(String field, String message, List<String> missingFeatures) {
		super(message);
		this.field = field;
		this.missingFeatures = List.copyOf(missingFeatures);
	}

	/** The field, e.g. {@code dataset_id}. */
	public String field() {
		return this.field;
	}

	/** The model's features a dataset lacks; empty for other problems. */
	public List<String> missingFeatures() {
		return this.missingFeatures;
	}

}
