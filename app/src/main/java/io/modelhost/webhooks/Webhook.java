package io.modelhost.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A registered webhook.
 *
 * @param id its id
 * @param owner who registered it
 * @param url where events are POSTed
 * @param events what it is told about
 * @param modelId the one model it is about, or null for all the owner's models
 * @param description what it is for
 * @param enabled whether events are delivered
 * @param createdAt when it was registered
 * @param lastTriggeredAt when an event was last queued for it, or null
 */
public record Webhook(String id, UserId owner, URI url, Set<WebhookEvent> events, @Nullable String modelId,
		String description, boolean enabled, Instant createdAt, @Nullable Instant lastTriggeredAt) {

	public Webhook {
		events = Set.copyOf(events);
	}

	/** Whether an event about this model is for this webhook. */
	public boolean wants(WebhookEvent event, @Nullable String model) {
		return this.enabled && this.events.contains(event) && (this.modelId == null || this.modelId.equals(model));
	}

	/**
	 * A webhook just registered, with its signing secret, shown this once.
	 *
	 * @param webhook the webhook
	 * @param secret the key of its signatures
	 */
	public record Created(Webhook webhook, String secret) {

	}

}
