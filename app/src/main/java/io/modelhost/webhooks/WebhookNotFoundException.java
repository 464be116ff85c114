package io.modelhost.webhooks;

/** The caller has no webhook with this id. */
public final class WebhookNotFoundException extends WebhookException {

	public WebhookNotFoundException() {
		super("no such webhook");
	}

}
