package io.modelhost.webhooks.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.DatabaseAvailability;
import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserId;
import io.modelhost.drift.DriftDetected;
import io.modelhost.monitoring.AlertRaised;
import io.modelhost.monitoring.ModelWentIdle;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.usage.PredictionRecorded;
import io.modelhost.usage.UsageRecord;
import io.modelhost.webhooks.Webhook;
import io.modelhost.webhooks.WebhookEvent;
import io.modelhost.webhooks.WebhookProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.util.IdGenerator;

/**
 * Turns what happens on the platform into deliveries for the webhooks that want it.
 * Model, alert and idle events are stored at once (after the action's transaction
 * commits) and never dropped. Prediction events come on the hot path of every prediction:
 * they are matched against an in-memory copy of the webhooks (refreshed every 5 s, and at
 * once when this replica changes one) and offered to a bounded queue that the
 * {@link Dispatcher} drains; when it is full they are dropped and counted in
 * {@code modelhost.webhooks.dropped}, as are those that cannot be matched while the
 * database is unavailable (the webhooks read before it went stay in use meanwhile).
 */
@Component
public class EventIntake {

	private static final Duration WEBHOOKS_TTL = Duration.ofSeconds(5);

	private final WebhookStore store;

	private final ModelRegistry registry;

	private final JsonMapper json;

	private final IdGenerator ids;

	private final Clock clock;

	private final BlockingQueue<Pending> predictions;

	private final Counter dropped;

	/** Every enabled webhook by owner, and when it was read; null until first needed. */
	private volatile @Nullable Snapshot snapshot;

	/** Model to owner: predictions name the caller, webhooks belong to the owner. */
	private final Cache<String, UserId> owners = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofMinutes(10))
		.build();

	private final DatabaseAvailability database;

	EventIntake(WebhookStore store, ModelRegistry registry, JsonMapper json, IdGenerator ids, Clock clock,
			WebhookProperties properties, MeterRegistry meters, DatabaseAvailability database) {
		this.store = store;
		this.database = database;
		this.registry = registry;
		this.json = json;
		this.ids = ids;
		this.clock = clock;
		this.predictions = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.dropped = Counter.builder("modelhost.webhooks.dropped")
			.description("Prediction events not delivered because the webhook queue was full")
			.register(meters);
	}

	private record Snapshot(Map<UserId, List<Webhook>> byOwner, Instant readAt) {

	}

	/** A prediction event waiting to be stored. */
	record Pending(Webhook webhook, WebhookEvent event, Map<String, Object> data, Instant at) {

	}

	/** Forgets the webhooks read, after this replica changed one. */
	public void forget() {
		this.snapshot = null;
	}

	private List<Webhook> webhooksOf(UserId owner) {
		Snapshot current = this.snapshot;
		Instant now = this.clock.instant();
		if ((current == null || current.readAt().plus(WEBHOOKS_TTL).isBefore(now))
				&& (current == null || this.database.available())) {
			var byOwner = new LinkedHashMap<UserId, List<Webhook>>();
			for (Webhook webhook : this.store.enabled()) {
				byOwner.computeIfAbsent(webhook.owner(), (o) -> new ArrayList<>()).add(webhook);
			}
			current = new Snapshot(byOwner, now);
			this.snapshot = current;
		}
		return current.byOwner().getOrDefault(owner, List.of());
	}

	@EventListener
	void prediction(PredictionRecorded recorded) {
		try {
			match(recorded.record());
		}
		catch (RuntimeException ex) {
			if (!this.database.unreachable(ex)) {
				throw ex;
			}
			this.dropped.increment(); // never fail the prediction for its webhooks
		}
	}

	private void match(UsageRecord record) {
		Snapshot current = this.snapshot;
		if (current != null && current.byOwner().isEmpty()
				&& (!current.readAt().plus(WEBHOOKS_TTL).isBefore(this.clock.instant())
						|| !this.database.available())) {
			return; // nobody has a webhook: the common case costs nothing more
		}
		UserId owner = owner(record.modelId());
		if (owner == null) {
			return;
		}
		WebhookEvent event = "success".equals(record.outcome()) ? WebhookEvent.PREDICTION
				: WebhookEvent.PREDICTION_ERROR;
		for (Webhook webhook : webhooksOf(owner)) {
			if (webhook.wants(event, record.modelId())) {
				var data = new LinkedHashMap<String, Object>();
				data.put("model_id", record.modelId());
				data.put("model_version", record.modelVersion());
				data.put("status", record.status());
				data.put("outcome", record.outcome());
				data.put("protocol", record.protocol());
				data.put("request_id", record.requestId());
				data.put("latency_ms", record.latencyMicros() / 1000.0);
				if (!this.predictions.offer(new Pending(webhook, event, data, record.at()))) {
					this.dropped.increment();
				}
			}
		}
	}

	private @Nullable UserId owner(String modelId) {
		UserId cached = this.owners.getIfPresent(modelId);
		if (cached != null) {
			return cached;
		}
		try {
			UserId owner = this.registry.getAny(ModelId.parse(modelId)).owner();
			this.owners.put(modelId, owner);
			return owner;
		}
		catch (ModelNotFoundException ex) {
			return null;
		}
	}

	/** Stores the prediction events waiting in memory; called by the dispatcher. */
	int drain() {
		var batch = new ArrayList<Pending>();
		this.predictions.drainTo(batch, 1000);
		for (Pending pending : batch) {
			queue(pending.webhook(), pending.event(), pending.data(), pending.at());
		}
		return batch.size();
	}

	@TransactionalEventListener(fallbackExecution = true)
	void action(ActionTaken action) {
		if (!"model".equals(action.targetType()) || action.owner() == null) {
			return;
		}
		WebhookEvent event = switch (action.action()) {
			case "model.create" -> WebhookEvent.MODEL_CREATED;
			case "model.version.create", "model.update", "model.alias.set", "model.restore" ->
				WebhookEvent.MODEL_UPDATED;
			case "model.archive", "model.delete" -> WebhookEvent.MODEL_DELETED;
			default -> null;
		};
		if (event == null) {
			return;
		}
		var data = new LinkedHashMap<String, Object>();
		data.put("model_id", action.targetId());
		data.put("action", action.action());
		data.putAll(action.details());
		toWebhooks(action.owner(), event, action.targetId(), data);
	}

	@EventListener
	void alert(AlertRaised alert) {
		var data = new LinkedHashMap<String, Object>();
		data.put("model_id", alert.modelId());
		data.put("alert_id", alert.alertId());
		data.put("metric", alert.metric());
		data.put("threshold", alert.threshold());
		data.put("value", alert.value());
		data.put("raised_at", alert.at().toString());
		toWebhooks(alert.owner(), WebhookEvent.ALERT_RAISED, alert.modelId(), data);
	}

	@EventListener
	void drift(DriftDetected drift) {
		var data = new LinkedHashMap<String, Object>();
		data.put("model_id", drift.modelId());
		data.put("largest_psi", drift.largestPsi());
		data.put("share_drifted", drift.shareDrifted());
		data.put("drifted_features", drift.driftedFeatures());
		data.put("from", drift.from().toString());
		data.put("detected_at", drift.at().toString());
		toWebhooks(drift.owner(), WebhookEvent.DRIFT_DETECTED, drift.modelId(), data);
	}

	@EventListener
	void idle(ModelWentIdle idle) {
		var data = new LinkedHashMap<String, Object>();
		data.put("model_id", idle.modelId());
		data.put("last_used_at", (idle.lastUsedAt() != null) ? idle.lastUsedAt().toString() : null);
		data.put("archived", idle.archived());
		toWebhooks(idle.owner(), WebhookEvent.MODEL_IDLE, idle.modelId(), data);
	}

	/** Queues a {@code test} event for one webhook; returns the delivery's id. */
	public String queueTest(Webhook webhook) {
		return queue(webhook, WebhookEvent.TEST, Map.of("webhook_id", webhook.id(), "message",
				"A test event from Modelhost: this webhook is reachable."), this.clock.instant());
	}

	private void toWebhooks(UserId owner, WebhookEvent event, String modelId, Map<String, Object> data) {
		Instant at = this.clock.instant();
		// not the snapshot: an event that must not be lost is matched against the
		// database
		this.store.list(owner)
			.stream()
			.filter((webhook) -> webhook.wants(event, modelId))
			.forEach((webhook) -> queue(webhook, event, data, at));
	}

	private String queue(Webhook webhook, WebhookEvent event, Map<String, Object> data, Instant at) {
		String eventId = this.ids.generateId().toString();
		var payload = new LinkedHashMap<String, Object>();
		payload.put("id", eventId);
		payload.put("type", event.label());
		payload.put("created_at", at.toString());
		payload.put("data", data);
		String deliveryId = this.ids.generateId().toString();
		this.store.queue(deliveryId, webhook.id(), eventId, event, this.json.writeValueAsString(payload), at);
		return deliveryId;
	}

}
