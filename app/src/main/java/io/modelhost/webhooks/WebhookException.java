package io.modelhost.webhooks;

/** Base of what the webhooks module throws on purpose. */
public abstract sealed class WebhookException extends RuntimeException
		permits WebhookNotFoundException, InvalidWebhookException, WebhookLimitException {

	protected WebhookException(String message) {
		super(message);
	}

}
