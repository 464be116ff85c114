package io.modelhost.webhooks;

/** The user has as many webhooks as one may have; one must go before another comes. */
public final class WebhookLimitException extends WebhookException {

	private final int limit;

	public WebhookLimitException(int limit) {
		super("you have " + limit + " webhooks, the most one may have; remove one to register another");
		this.limit = limit;
	}

	/** The most webhooks one user may have. */
	public int limit() {
		return this.limit;
	}

}
