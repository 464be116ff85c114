package io.modelhost.capture;

/** A capture setting or query parameter out of range; names the field. */
public final class InvalidCaptureRequestException extends CaptureException {

	private final String field;

	public InvalidCaptureRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The field or parameter, e.g. {@code sample_rate}. */
	public String field() {
		return this.field;
	}

}
