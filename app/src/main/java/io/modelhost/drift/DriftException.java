package io.modelhost.drift;

/** A drift request that cannot be done. */
public abstract sealed class DriftException extends RuntimeException
		permits InvalidDriftRequestException, NoReferenceException, NotEnoughRowsException, DriftNotSupportedException {

	protected DriftException(String message) {
		super(message);
	}

}
