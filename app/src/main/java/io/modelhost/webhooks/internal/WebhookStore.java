package io.modelhost.webhooks.internal;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.modelhost.accounts.UserId;
import io.modelhost.webhooks.Delivery;
import io.modelhost.webhooks.Webhook;
import io.modelhost.webhooks.WebhookEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Webhooks, their deliveries and attempts, in the database. */
@Repository
public class WebhookStore {

	private final JdbcClient jdbc;

	public WebhookStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Webhook webhook, String secret) {
		this.jdbc.sql("""
				INSERT INTO webhook (id, user_id, url, events, model_id, description, secret, enabled, created_at)
				VALUES (:id, :user, :url, :events, :model, :description, :secret, :enabled, :at)""")
			.param("id", webhook.id())
			.param("user", webhook.owner().value())
			.param("url", webhook.url().toString())
			.param("events", events(webhook.events()))
			.param("model", webhook.modelId())
			.param("description", webhook.description())
			.param("secret", secret)
			.param("enabled", webhook.enabled())
			.param("at", utc(webhook.createdAt()))
			.update();
	}

	public boolean update(Webhook webhook) {
		return this.jdbc.sql("""
				UPDATE webhook SET url = :url, events = :events, model_id = :model, description = :description,
				enabled = :enabled WHERE id = :id AND user_id = :user""")
			.param("url", webhook.url().toString())
			.param("events", events(webhook.events()))
			.param("model", webhook.modelId())
			.param("description", webhook.description())
			.param("enabled", webhook.enabled())
			.param("id", webhook.id())
			.param("user", webhook.owner().value())
			.update() == 1;
	}

	public boolean delete(UserId owner, String id) {
		return this.jdbc.sql("DELETE FROM webhook WHERE id = :id AND user_id = :user")
			.param("id", id)
			.param("user", owner.value())
			.update() == 1;
	}

	public Optional<Webhook> find(UserId owner, String id) {
		return this.jdbc.sql("SELECT * FROM webhook WHERE id = :id AND user_id = :user")
			.param("id", id)
			.param("user", owner.value())
			.query((rs, row) -> webhook(rs))
			.optional();
	}

	public List<Webhook> list(UserId owner) {
		return this.jdbc.sql("SELECT * FROM webhook WHERE user_id = :user ORDER BY created_at DESC, id")
			.param("user", owner.value())
			.query((rs, row) -> webhook(rs))
			.list();
	}

	/** Every enabled webhook, for the intake's cache. */
	public List<Webhook> enabled() {
		return this.jdbc.sql("SELECT * FROM webhook WHERE enabled = TRUE").query((rs, row) -> webhook(rs)).list();
	}

	public Optional<String> secret(String id) {
		return this.jdbc.sql("SELECT secret FROM webhook WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional();
	}

	/** Queues an event for a webhook, due at once. */
	public void queue(String deliveryId, String webhookId, String eventId, WebhookEvent event, String payload,
			Instant at) {
		this.jdbc.sql("""
				INSERT INTO webhook_delivery (id, webhook_id, event_id, event_type, payload, state, attempts,
				created_at, next_attempt_at) VALUES (:id, :webhook, :event, :type, :payload, 'pending', 0, :at, :at)""")
			.param("id", deliveryId)
			.param("webhook", webhookId)
			.param("event", eventId)
			.param("type", event.label())
			.param("payload", payload)
			.param("at", utc(at))
			.update();
		this.jdbc.sql("UPDATE webhook SET last_triggered_at = :at WHERE id = :id")
			.param("at", utc(at))
			.param("id", webhookId)
			.update();
	}

	/**
	 * A pending delivery that is due.
	 *
	 * @param id the delivery
	 * @param webhookId its webhook
	 * @param url where to send it
	 * @param event its event type
	 * @param payload its body
	 * @param attempts attempts so far
	 * @param owner the webhook's owner, whose lane it waits in
	 */
	public record Due(String id, String webhookId, URI url, WebhookEvent event, String payload, int attempts,
			UserId owner) {

	}

	/**
	 * Claims a pending delivery for one attempt: moves its next attempt to {@code lease}
	 * if it was due, so that another replica polling at the same time leaves it alone.
	 * @return whether this caller got it
	 */
	public boolean claim(String deliveryId, Instant now, Instant lease) {
		return this.jdbc.sql("""
				UPDATE webhook_delivery SET next_attempt_at = :lease
				WHERE id = :id AND state = 'pending' AND next_attempt_at <= :now""")
			.param("lease", utc(lease))
			.param("id", deliveryId)
			.param("now", utc(now))
			.update() == 1;
	}

	public Optional<Due> pending(String deliveryId) {
		return this.jdbc.sql("""
				SELECT d.id, d.webhook_id, w.url, d.event_type, d.payload, d.attempts, w.user_id
				FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
				WHERE d.id = :id AND d.state = 'pending'""")
			.param("id", deliveryId)
			.query((rs, row) -> due(rs))
			.optional();
	}

	/**
	 * Due deliveries, oldest first, at most {@code perOwner} of each owner's: one owner's
	 * backlog cannot fill the batch and keep everyone else's deliveries from being seen.
	 */
	public List<Due> due(Instant now, int perOwner, int limit) {
		return this.jdbc.sql("""
				SELECT id, webhook_id, url, event_type, payload, attempts, user_id FROM (
				  SELECT d.id, d.webhook_id, w.url, d.event_type, d.payload, d.attempts, w.user_id, d.next_attempt_at,
				  ROW_NUMBER() OVER (PARTITION BY w.user_id ORDER BY d.next_attempt_at, d.id) AS turn
				  FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
				  WHERE d.state = 'pending' AND d.next_attempt_at <= :now) ranked
				WHERE turn <= :perOwner ORDER BY next_attempt_at, id LIMIT :limit""")
			.param("now", utc(now))
			.param("perOwner", perOwner)
			.param("limit", limit)
			.query((rs, row) -> due(rs))
			.list();
	}

	private static Due due(ResultSet rs) throws SQLException {
		return new Due(rs.getString(1), rs.getString(2), URI.create(rs.getString(3)),
				WebhookEvent.of(rs.getString(4)).orElseThrow(), rs.getString(5), rs.getInt(6),
				new UserId(rs.getString(7)));
	}

	/** How many webhooks the user has, enabled or not. */
	public int count(UserId owner) {
		return this.jdbc.sql("SELECT COUNT(*) FROM webhook WHERE user_id = :user")
			.param("user", owner.value())
			.query(Integer.class)
			.single();
	}

	/**
	 * Records an attempt and the delivery's new state: {@code delivered}, {@code failed},
	 * or {@code pending} again at {@code next}, in one transaction (a reader never sees
	 * the attempt with the state before it).
	 */
	@Transactional
	public void attempted(String deliveryId, Delivery.Attempt attempt, String state, @Nullable Instant next) {
		this.jdbc.sql("""
				INSERT INTO webhook_attempt (delivery_id, number, at, status_code, error, duration_ms)
				VALUES (:delivery, :number, :at, :status, :error, :duration)""")
			.param("delivery", deliveryId)
			.param("number", attempt.number())
			.param("at", utc(attempt.at()))
			.param("status", attempt.statusCode())
			.param("error", attempt.error())
			.param("duration", attempt.durationMillis())
			.update();
		this.jdbc.sql("""
				UPDATE webhook_delivery SET state = :state, attempts = :number, next_attempt_at = :next
				WHERE id = :id""")
			.param("state", state)
			.param("number", attempt.number())
			.param("next", (next != null) ? utc(next) : null)
			.param("id", deliveryId)
			.update();
	}

	/** A webhook's deliveries, newest first, with their attempts. */
	public List<Delivery> deliveries(String webhookId, int limit) {
		List<Delivery> deliveries = this.jdbc.sql("""
				SELECT * FROM webhook_delivery WHERE webhook_id = :webhook ORDER BY created_at DESC, id LIMIT :limit""")
			.param("webhook", webhookId)
			.param("limit", limit)
			.query((rs, row) -> new Delivery(rs.getString("id"), rs.getString("webhook_id"), rs.getString("event_id"),
					WebhookEvent.of(rs.getString("event_type")).orElseThrow(), rs.getString("state"), List.of(),
					instant(rs, "created_at"), nullableInstant(rs, "next_attempt_at")))
			.list();
		var withAttempts = new ArrayList<Delivery>(deliveries.size());
		for (Delivery delivery : deliveries) {
			withAttempts.add(new Delivery(delivery.id(), delivery.webhookId(), delivery.eventId(), delivery.event(),
					delivery.state(), attempts(delivery.id()), delivery.createdAt(), delivery.nextAttemptAt()));
		}
		return withAttempts;
	}

	public Optional<Delivery> delivery(String id) {
		return this.jdbc.sql("SELECT webhook_id FROM webhook_delivery WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.flatMap((webhook) -> deliveries(webhook, 1000).stream().filter((d) -> d.id().equals(id)).findFirst());
	}

	private List<Delivery.Attempt> attempts(String deliveryId) {
		return this.jdbc.sql("SELECT * FROM webhook_attempt WHERE delivery_id = :id ORDER BY number")
			.param("id", deliveryId)
			.query((rs, row) -> {
				int status = rs.getInt("status_code");
				Integer code = rs.wasNull() ? null : status;
				return new Delivery.Attempt(rs.getInt("number"), instant(rs, "at"), code, rs.getString("error"),
						rs.getLong("duration_ms"));
			})
			.list();
	}

	private static Webhook webhook(ResultSet rs) throws SQLException {
		Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
		for (String label : rs.getString("events").split(",")) {
			WebhookEvent.of(label).ifPresent(events::add);
		}
		return new Webhook(rs.getString("id"), new UserId(rs.getString("user_id")), URI.create(rs.getString("url")),
				events, rs.getString("model_id"), rs.getString("description"), rs.getBoolean("enabled"),
				instant(rs, "created_at"), nullableInstant(rs, "last_triggered_at"));
	}

	private static String events(Set<WebhookEvent> events) {
		return events.stream().map(WebhookEvent::label).sorted().collect(Collectors.joining(","));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
