package io.modelhost.webhooks;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One event sent (or to be sent) to one webhook, with every attempt.
 *
 * @param id its id, sent as {@code Modelhost-Delivery}
 * @param webhookId the webhook
 * @param eventId the event's id (the same for every webhook told of it)
 * @param event what happened
 * @param state {@code pending}, {@code delivered} or {@code failed} (no attempts left)
 * @param attempts the attempts so far, oldest first
 * @param createdAt when the event was queued for the webhook
 * @param nextAttemptAt when it is tried next, or null once it is delivered or failed
 */
public record Delivery(String id, String webhookId, String eventId, WebhookEvent event, String state,
		List<Attempt> attempts, Instant createdAt, @Nullable Instant nextAttemptAt) {

	public Delivery {
		attempts = List.copyOf(attempts);
	}

	/**
	 * One try.
	 *
	 * @param number 1 for the first
	 * @param at when it was made
	 * @param statusCode the receiver's HTTP status, or null if there was no answer
	 * @param error why it failed without an answer (timeout, refused, …), or null
	 * @param durationMillis how long it took
	 */
	public record Attempt(int number, Instant at, @Nullable Integer statusCode, @Nullable String error,
			long durationMillis) {

	}

}
