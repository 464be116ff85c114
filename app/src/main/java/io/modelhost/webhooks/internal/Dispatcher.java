package io.modelhost.webhooks.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.webhooks.Delivery;
import io.modelhost.webhooks.InvalidWebhookException;
import io.modelhost.webhooks.WebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries, off every request path: polls every
 * {@code modelhost.webhooks.poll-interval}, stores the prediction events waiting in
 * memory, then claims and sends what is due. Each attempt is a signed POST
 * ({@code Modelhost-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}), no
 * redirects followed; a 2xx delivers; a 429, a 5xx, a timeout or a refused connection
 * tries again after a doubling wait until the attempts run out; any other answer fails at
 * once. The URL's addresses are checked again before every attempt.
 */
@Component
public class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final int BATCH = 50;

	private final WebhookStore store;

	private final EventIntake intake;

	private final WebhookProperties properties;

	private final UrlGuard guard;

	private final Clock clock;

	private final MeterRegistry meters;

	private final HttpClient http;

	Dispatcher(WebhookStore store, EventIntake intake, WebhookProperties properties, Clock clock,
			MeterRegistry meters) {
		this.store = store;
		this.intake = intake;
		this.properties = properties;
		this.guard = new UrlGuard(properties.allowPrivateAddresses());
		this.clock = clock;
		this.meters = meters;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Scheduled(fixedDelayString = "${modelhost.webhooks.poll-interval:1s}")
	void poll() {
		try {
			this.intake.drain();
			for (WebhookStore.Due due : this.store.due(this.clock.instant(), BATCH)) {
				if (claim(due.id())) {
					send(due);
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Webhook delivery round failed: {}", ex.toString());
		}
	}

	/** Makes the next attempt of a pending delivery now (the test endpoint's). */
	public void attempt(String deliveryId) {
		if (claim(deliveryId)) {
			this.store.pending(deliveryId).ifPresent(this::send);
		}
	}

	private boolean claim(String deliveryId) {
		Instant now = this.clock.instant();
		return this.store.claim(deliveryId, now.plusSeconds(1), now.plus(this.properties.timeout().multipliedBy(3)));
	}

	private void send(WebhookStore.Due due) {
		int number = due.attempts() + 1;
		Instant started = this.clock.instant();
		long startNanos = System.nanoTime();
		Integer status = null;
		String error = null;
		try {
			URI url = this.guard.check(due.url().toString());
			String secret = this.store.secret(due.webhookId()).orElseThrow();
			long timestamp = started.getEpochSecond();
			HttpRequest request = HttpRequest.newBuilder(url)
				.timeout(this.properties.timeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "Modelhost-Webhooks/1")
				.header("Modelhost-Event", due.event().label())
				.header("Modelhost-Delivery", due.id())
				.header("Modelhost-Signature", "t=" + timestamp + ",v1=" + sign(secret, timestamp, due.payload()))
				.POST(HttpRequest.BodyPublishers.ofString(due.payload(), StandardCharsets.UTF_8))
				.build();
			status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (InvalidWebhookException ex) {
			error = "refused: " + ex.getMessage();
		}
		catch (java.io.IOException ex) {
			error = (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
					: ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
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
			retry = !error.startsWith("refused"); // a timeout or a refused connection may
													// pass
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
