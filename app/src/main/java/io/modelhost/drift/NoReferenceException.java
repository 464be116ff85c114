package io.modelhost.drift;

/**
 * The model has no reference dataset to compare with (none set, not trained here, or
 * deleted).
 */
public final class NoReferenceException extends DriftException {

	public NoReferenceException(String message) {
		super(message);
	}

}
