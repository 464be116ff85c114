package io.modelhost.webhooks;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.webhooks.internal.Dispatcher;
import io.modelhost.webhooks.internal.EventIntake;
import io.modelhost.webhooks.internal.UrlGuard;
import io.modelhost.webhooks.internal.WebhookStore;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.util.IdGenerator;

/**
 * Registering, changing, trying and removing webhooks, and reading their delivery log.
 * Only the owner sees a webhook; a webhook about one model needs at least {@code view} on
 * it.
 */
@Service
public class Webhooks {

	private static final int MAX_DESCRIPTION = 500;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final WebhookStore store;

	private final ModelRegistry registry;

	private final UrlGuard guard;

	private final java.time.Duration timeout;

	private final int maxWebhooks;

	/**
	 * Held from counting a user's webhooks to storing the new one, so that simultaneous
	 * registrations cannot pass the cap together (in this process).
	 */
	private final Object registering = new Object();

	private final EventIntake intake;

	private final Dispatcher dispatcher;

	private final ApplicationEventPublisher events;

	private final IdGenerator ids;

	private final Clock clock;

	Webhooks(WebhookStore store, ModelRegistry registry, WebhookProperties properties, EventIntake intake,
			Dispatcher dispatcher, ApplicationEventPublisher events, IdGenerator ids, Clock clock) {
		this.store = store;
		this.registry = registry;
		this.guard = new UrlGuard(properties.allowPrivateAddresses());
		this.timeout = properties.timeout();
		this.maxWebhooks = properties.maxWebhooksPerUser();
		this.intake = intake;
		this.dispatcher = dispatcher;
		this.events = events;
		this.ids = ids;
		this.clock = clock;
	}

	/**
	 * Registers a webhook; the secret in the result is shown this once.
	 * @throws InvalidWebhookException for a bad or non-public URL, no or unknown events,
	 * a too long description
	 * @throws WebhookLimitException if the user has {@code max-webhooks-per-user} already
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 */
	public Webhook.Created create(UserId owner, String url, List<String> events, @Nullable String modelId,
			@Nullable String description) {
		var webhook = new Webhook(this.ids.generateId().toString(), owner, this.guard.check(url), events(events),
				model(owner, modelId), description(description), true, this.clock.instant(), null);
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String encoded = "whsec_" + HexFormat.of().formatHex(secret);
		synchronized (this.registering) {
			if (this.store.count(owner) >= this.maxWebhooks) {
				throw new WebhookLimitException(this.maxWebhooks);
			}
			this.store.insert(webhook, encoded);
		}
		this.intake.forget();
		audit(owner, "webhook.create", webhook);
		return new Webhook.Created(webhook, encoded);
	}

	public List<Webhook> list(UserId owner) {
		return this.store.list(owner);
	}

	/**
	 * @throws WebhookNotFoundException if the user has no webhook with this id
	 */
	public Webhook get(UserId owner, String id) {
		return this.store.find(owner, id).orElseThrow(WebhookNotFoundException::new);
	}

	/**
	 * Changes what is given; null leaves a field as it is. An empty model id makes it
	 * about all the owner's models.
	 */
	public Webhook update(UserId owner, String id, @Nullable String url, @Nullable List<String> events,
			@Nullable String modelId, @Nullable String description, @Nullable Boolean enabled) {
		Webhook current = get(owner, id);
		var updated = new Webhook(id, owner, (url != null) ? this.guard.check(url) : current.url(),
				(events != null) ? events(events) : current.events(),
				(modelId != null) ? model(owner, modelId.isBlank() ? null : modelId) : current.modelId(),
				(description != null) ? description(description) : current.description(),
				(enabled != null) ? enabled : current.enabled(), current.createdAt(), current.lastTriggeredAt());
		if (!this.store.update(updated)) {
			throw new WebhookNotFoundException();
		}
		this.intake.forget();
		audit(owner, "webhook.update", updated);
		return get(owner, id);
	}

	public void delete(UserId owner, String id) {
		Webhook webhook = get(owner, id);
		this.store.delete(owner, id);
		this.intake.forget();
		audit(owner, "webhook.delete", webhook);
	}

	/**
	 * Sends a {@code test} event now and returns its delivery after the first attempt, or
	 * still pending if the owner's other deliveries keep every slot of their lane busy
	 * for twice the attempt timeout.
	 */
	public Delivery test(UserId owner, String id) {
		Webhook webhook = get(owner, id);
		String deliveryId = this.intake.queueTest(webhook);
		// in the owner's lane like any delivery, so tests cannot pass the per-owner
		// bound;
		// the poller may have queued it first: either way, wait for its first attempt
		this.dispatcher.attempt(owner, deliveryId);
		long deadline = System.nanoTime() + this.timeout.multipliedBy(2).toNanos();
		Delivery delivery = this.store.delivery(deliveryId).orElseThrow(WebhookNotFoundException::new);
		while (delivery.attempts().isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			delivery = this.store.delivery(deliveryId).orElseThrow(WebhookNotFoundException::new);
		}
		// once an attempt is seen, read again: the attempt and the delivery's state are
		// committed together, but a read of the row then its attempts may straddle it
		return this.store.delivery(deliveryId).orElseThrow(WebhookNotFoundException::new);
	}

	/** The webhook's deliveries, newest first, with every attempt. */
	public List<Delivery> deliveries(UserId owner, String id, int limit) {
		get(owner, id);
		return this.store.deliveries(id, Math.max(1, Math.min(limit, 200)));
	}

	private static Set<WebhookEvent> events(List<String> labels) {
		if (labels.isEmpty()) {
			throw new InvalidWebhookException("events", "name at least one event");
		}
		var events = new java.util.TreeSet<WebhookEvent>();
		for (String label : labels) {
			events.add(WebhookEvent.of(label)
				.orElseThrow(() -> new InvalidWebhookException("events", "unknown event '" + label
						+ "'; events are prediction, prediction.error, model.created, model.updated, model.deleted, "
						+ "alert.raised, model.idle, test")));
		}
		return events;
	}

	private @Nullable String model(UserId owner, @Nullable String modelId) {
		if (modelId == null) {
			return null;
		}
		return this.registry.access(owner, ModelId.parse(modelId)).model().id().value();
	}

	private static String description(@Nullable String description) {
		String text = (description != null) ? description.strip() : "";
		if (text.length() > MAX_DESCRIPTION) {
			throw new InvalidWebhookException("description", "the description is longer than 500 characters");
		}
		return text;
	}

	private void audit(UserId owner, String action, Webhook webhook) {
		this.events.publishEvent(
				new ActionTaken(owner, owner, action, "webhook", webhook.id(), Map.of("url", webhook.url().getHost())));
	}

}
