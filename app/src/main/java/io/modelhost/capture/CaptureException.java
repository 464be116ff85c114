package io.modelhost.capture;

/** A capture request that cannot be done. */
public abstract sealed class CaptureException extends RuntimeException permits InvalidCaptureRequestException {

	protected CaptureException(String message) {
		super(message);
	}

}
