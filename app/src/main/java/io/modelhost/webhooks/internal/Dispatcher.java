package io.modelhost.webhooks.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLSocketFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.accounts.UserId;
import io.modelhost.webhooks.Delivery;
import io.modelhost.webhooks.InvalidWebhookException;
import io.modelhost.webhooks.WebhookProperties;
import org.jspecify.annotations.Nullable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries, off every request path and off the application's shared
 * scheduler: a poller thread of its own looks every
 * {@code modelhost.webhooks.poll-interval} for due deliveries (storing the prediction
 * events waiting in memory first) and queues them in their owner's {@link Lanes lane};
 * attempts run on virtual threads, at most {@code max-concurrent-deliveries} at once and
 * {@code max-concurrent-deliveries-per-owner} for one owner, owners served in turn. So
 * one owner's black-holed receiver costs that owner's slots only, never another owner's
 * deliveries, and never the monitoring samples, alerts, idle checks or key bookkeeping on
 * the shared scheduler.
 * <p>
 * Each attempt is a signed POST
 * ({@code Modelhost-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}), sent
 * by a {@link Sender} to an address the {@link UrlGuard} checked just before, no
 * redirects followed; a 2xx delivers; a 429, a 5xx, a timeout or a refused connection
 * tries again after a doubling wait until the attempts run out; any other answer fails at
 * once.
 */
@Component
public class Dispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	/** The most deliveries one poll looks at, all owners together. */
	private static final int BATCH = 500;

	private final WebhookStore store;

	private final EventIntake intake;

	private final WebhookProperties properties;

	private final Sender sender;

	private final Clock clock;

	private final MeterRegistry meters;

	/** One virtual thread per attempt; {@link #lanes} bounds how many run at once. */
	private final ExecutorService attempts;

	private final Lanes lanes;

	/** The poller's own thread, while running. */
	private volatile @Nullable ScheduledExecutorService poller;

	Dispatcher(WebhookStore store, EventIntake intake, WebhookProperties properties, Clock clock,
			MeterRegistry meters) {
		this.store = store;
		this.intake = intake;
		this.properties = properties;
		this.sender = new Sender(new UrlGuard(properties.allowPrivateAddresses()), properties.connectTimeout(),
				(SSLSocketFactory) SSLSocketFactory.getDefault());
		this.clock = clock;
		this.meters = meters;
		this.attempts = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-delivery-", 0).factory());
		this.lanes = new Lanes(properties.maxConcurrentDeliveries(), properties.maxConcurrentDeliveriesPerOwner(),
				this.attempts);
		Gauge.builder("modelhost.webhooks.in.flight", this.lanes, Lanes::running)
			.description("Webhook delivery attempts running now")
			.register(meters);
	}

	@Override
	public void start() {
		ScheduledExecutorService thread = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("webhook-poller").daemon().factory());
		long interval = this.properties.pollInterval().toMillis();
		thread.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
		this.poller = thread;
	}

	/**
	 * Stops polling; attempts already running finish within their timeout. A stopped
	 * dispatcher starts again (a paused application context is started again), so the
	 * attempts' executor lives as long as the bean: it is shut down only when the bean is
	 * destroyed.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService thread = this.poller;
		if (thread != null) {
			thread.shutdownNow();
			this.poller = null;
		}
	}

	/**
	 * Cuts running attempts short: they stay pending, their claim runs out, and they are
	 * tried again.
	 */
	@PreDestroy
	void close() {
		this.attempts.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.poller != null;
	}

	void poll() {
		try {
			this.intake.drain();
			for (WebhookStore.Due due : this.store.due(this.clock.instant(),
					this.properties.maxConcurrentDeliveriesPerOwner(), BATCH)) {
				this.lanes.offer(due.owner(), due.id(), () -> attemptNow(due.id()));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Webhook delivery round failed: {}", ex.toString());
		}
	}

	/**
	 * Queues the next attempt of a pending delivery now, in its owner's lane (the test
	 * endpoint's).
	 */
	public void attempt(UserId owner, String deliveryId) {
		this.lanes.offer(owner, deliveryId, () -> attemptNow(deliveryId));
	}

	private void attemptNow(String deliveryId) {
		try {
			if (claim(deliveryId)) {
				this.store.pending(deliveryId).ifPresent(this::send);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Webhook delivery {} failed: {}", deliveryId, ex.toString());
		}
	}

	private boolean claim(String deliveryId) {
		Instant now = this.clock.instant();
		// an attempt takes at most the timeout; the lease outlasts it, so no other
		// replica
		// takes the delivery while this one is still trying
		return this.store.claim(deliveryId, now.plusSeconds(1), now.plus(this.properties.timeout().multipliedBy(3)));
	}

	private void send(WebhookStore.Due due) {
		int number = due.attempts() + 1;
		Instant started = this.clock.instant();
		long startNanos = System.nanoTime();
		Integer status = null;
		String error = null;
		try {
			String secret = this.store.secret(due.webhookId()).orElseThrow();
			long timestamp = started.getEpochSecond();
			var headers = new LinkedHashMap<String, String>();
			headers.put("Content-Type", "application/json");
			headers.put("User-Agent", "Modelhost-Webhooks/1");
			headers.put("Modelhost-Event", due.event().label());
			headers.put("Modelhost-Delivery", due.id());
			headers.put("Modelhost-Signature", "t=" + timestamp + ",v1=" + sign(secret, timestamp, due.payload()));
			status = this.sender.post(due.url().toString(), headers, due.payload().getBytes(StandardCharsets.UTF_8),
					this.properties.timeout());
		}
		catch (InvalidWebhookException ex) {
			error = "refused: " + ex.getMessage();
		}
		catch (IOException ex) {
			error = (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
					: ex.getClass().getSimpleName();
		}
		catch (RuntimeException ex) {
			// recorded like a failed connection, so that the attempts run out rather than
			// the delivery being claimed again after every lease with nothing in its log
			log.warn("Webhook delivery {} failed unexpectedly", due.id(), ex);
			error = "failed: " + ex.getClass().getSimpleName();
		}
		long millis = (System.nanoTime() - startNanos) / 1_000_000;
		var attempt = new Delivery.Attempt(number, started, status,
				(error != null && error.length() > 300) ? error.substring(0, 300) : error, millis);
		boolean delivered = status != null && status >= 200 && status < 300;
		boolean retry;
		if (delivered) {
			retry = false;
		}
		else if (error != null) {
			// a timeout or a refused connection may pass; a refused address will not
			retry = !error.startsWith("refused");
		}
		else {
			retry = status == 429 || status >= 500;
		}
		String state;
		Instant next = null;
		if (delivered) {
			state = "delivered";
		}
		else if (retry && number < this.properties.attempts()) {
			state = "pending";
			next = this.clock.instant().plus(this.properties.delayAfter(number));
		}
		else {
			state = "failed";
		}
		this.store.attempted(due.id(), attempt, state, next);
		this.meters.counter("modelhost.webhooks.attempts", "outcome", delivered ? "delivered" : "failed").increment();
	}

	/** The hex HMAC-SHA256, keyed by the secret, of {@code "<timestamp>.<body>"}. */
	static String sign(String secret, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
