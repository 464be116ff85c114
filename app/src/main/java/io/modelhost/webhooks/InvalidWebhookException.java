package io.modelhost.webhooks;

/** A webhook field that cannot be accepted: a bad or non-public URL, an unknown event. */
public final class InvalidWebhookException extends WebhookException {

	private final String field;

	public InvalidWebhookException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The field at fault: {@code url}, {@code events}, {@code model_id} or
	 * {@code description}.
	 */
	public String field() {
		return this.field;
	}

}
