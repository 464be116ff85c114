package io.modelhost.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks over real HTTP, delivered to a receiver on loopback (the tests allow private
 * addresses): signatures checked independently, a retry after a 500 in the delivery log,
 * events from real predictions and model changes, and who may do what.
 */
class WebhooksApiTests extends HttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, Object> ROW = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.context.ApplicationEventPublisher events;

	@Autowired
	ConfigurableApplicationContext context;

	private HttpServer receiver;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/** How many of the next requests the receiver answers with 500. */
	private final AtomicInteger failures = new AtomicInteger();

	record Received(String event, String delivery, String signature, String body, int answered) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			int status = (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) ? 500 : 204;
			this.received.add(new Received(exchange.getRequestHeaders().getFirst("Modelhost-Event"),
					exchange.getRequestHeaders().getFirst("Modelhost-Delivery"),
					exchange.getRequestHeaders().getFirst("Modelhost-Signature"), body, status));
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	private String hookUrl() {
		return "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hook";
	}

	@Test
	void deliversSignedPredictionEventsAndRetriesAfterAFailure() throws Exception {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String modelId = model.get("id").asString();
		ApiClient.Response created = user.post("/api/v1/webhooks", Map.of("url", hookUrl(), "events",
				List.of("prediction", "prediction.error"), "model_id", modelId, "description", "tests"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String secret = created.json().get("secret").asString();
		String id = created.json().get("webhook").get("id").asString();
		assertThat(user.get("/api/v1/webhooks/" + id).body()).doesNotContain(secret);

		this.failures.set(1);
		assertThat(user.post(predictPath(model), ROW).status()).isEqualTo(200);
		awaitReceived((r) -> r.answered() == 204 && "prediction".equals(r.event()));
		assertThat(user.post(predictPath(model), Map.of("inputs", List.of(List.of("x")))).status()).isEqualTo(400);
		Received error = awaitReceived((r) -> r.answered() == 204 && "prediction.error".equals(r.event()));
		assertThat(error.json().get("data").get("status").asInt()).isEqualTo(400);
		assertThat(error.json().get("data").get("model_id").asString()).isEqualTo(modelId);

		for (Received request : this.received) {
			assertThat(request.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
			String timestamp = request.signature().substring(2, request.signature().indexOf(','));
			assertThat(request.signature()).endsWith("v1=" + hmac(secret, timestamp + "." + request.body()));
			assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
					org.assertj.core.data.Offset.offset(60L));
		}
		List<Received> first = this.received.stream().filter((r) -> "prediction".equals(r.event())).toList();
		assertThat(first).extracting(Received::answered).containsExactly(500, 204);
		assertThat(first.get(0).delivery()).isEqualTo(first.get(1).delivery());

		JsonNode log = user.get("/api/v1/webhooks/" + id + "/deliveries").json();
		JsonNode retried = find(log, (d) -> d.get("event").asString().equals("prediction"));
		assertThat(retried.get("state").asString()).isEqualTo("delivered");
		assertThat(retried.get("attempts")).hasSize(2);
		assertThat(retried.get("attempts").get(0).get("status_code").asInt()).isEqualTo(500);
		assertThat(retried.get("attempts").get(1).get("status_code").asInt()).isEqualTo(204);
		assertThat(user.get("/api/v1/webhooks/" + id).json().has("last_triggered_at")).isTrue();
	}

	@Test
	void tellsOfModelsCreatedAndDeletedAndAnswersTheTestEndpoint() throws Exception {
		ApiClient user = newUser();
		String id = user
			.post("/api/v1/webhooks", Map.of("url", hookUrl(), "events", List.of("model.created", "model.deleted")))
			.json()
			.get("webhook")
			.get("id")
			.asString();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String modelId = model.get("id").asString();
		Received created = awaitReceived((r) -> "model.created".equals(r.event()));
		assertThat(created.json().get("data").get("model_id").asString()).isEqualTo(modelId);
		assertThat(user.delete("/api/v1/models/" + modelId + "?permanent=true").status()).isEqualTo(204);
		awaitReceived((r) -> "model.deleted".equals(r.event())
				&& r.json().get("data").get("model_id").asString().equals(modelId));

		String ownerId = user.get("/api/v1/auth/me").json().get("id").asString();
		user.patch("/api/v1/webhooks/" + id, Map.of("events", List.of("alert.raised", "model.idle")));
		this.events.publishEvent(new io.modelhost.monitoring.AlertRaised(new io.modelhost.accounts.UserId(ownerId),
				modelId, "alert-1", "error_rate", 0.5, 0.75, Instant.now()));
		Received alert = awaitReceived((r) -> "alert.raised".equals(r.event()));
		assertThat(alert.json().get("data").get("value").asDouble()).isEqualTo(0.75);

		JsonNode test = user.post("/api/v1/webhooks/" + id + "/test", Map.of()).json();
		assertThat(test.get("state").asString()).isEqualTo("delivered");
		assertThat(test.get("attempts").get(0).get("status_code").asInt()).isEqualTo(204);
		assertThat(this.received).anyMatch((r) -> "test".equals(r.event()));
	}

	@Test
	void deliversAfterTheApplicationIsStoppedAndStartedAgain() {
		// what the test framework does to a cached context it pauses and later reuses
		this.context.stop();
		this.context.start();
		// the web server listens again, on a port of its own
		this.port = this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		ApiClient user = newUser();
		String id = user.post("/api/v1/webhooks", Map.of("url", hookUrl(), "events", List.of("model.created")))
			.json()
			.get("webhook")
			.get("id")
			.asString();
		JsonNode test = user.post("/api/v1/webhooks/" + id + "/test", Map.of()).json();
		assertThat(test.get("state").asString()).as(test.toString()).isEqualTo("delivered");
	}

	@Test
	void refusesBadWebhooksAndKeepsThemFromOthers() {
		ApiClient user = newUser();
		for (Map<String, Object> bad : List.of(
				Map.<String, Object>of("url", "ftp://example.com", "events", List.of("prediction")),
				Map.<String, Object>of("url", hookUrl(), "events", List.of("everything")))) {
			ApiClient.Response refused = user.post("/api/v1/webhooks", bad);
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.json().get("type").asString()).endsWith("invalid-webhook");
		}
		ApiClient stranger = newUser();
		JsonNode strangersModel = upload(stranger, "sklearn/iris_rf.joblib");
		assertThat(user
			.post("/api/v1/webhooks", Map.of("url", hookUrl(), "events", List.of("prediction"), "model_id",
					strangersModel.get("id").asString()))
			.status()).isEqualTo(404);
		assertThat(user.get("/api/v1/webhooks").json()).isEmpty();

		String id = user.post("/api/v1/webhooks", Map.of("url", hookUrl(), "events", List.of("prediction")))
			.json()
			.get("webhook")
			.get("id")
			.asString();
		assertThat(stranger.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
		assertThat(stranger.patch("/api/v1/webhooks/" + id, Map.of("enabled", false)).status()).isEqualTo(404);
		assertThat(stranger.post("/api/v1/webhooks/" + id + "/test", Map.of()).status()).isEqualTo(404);
		assertThat(stranger.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
		assertThat(stranger.delete("/api/v1/webhooks/" + id).status()).isEqualTo(404);
		assertThat(apiKeyClient(user).get("/api/v1/webhooks").status()).isEqualTo(403);
		assertThat(user.get("/api/v1/webhooks/" + id).json().get("enabled").asBoolean()).isTrue();
		assertThat(user.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
		assertThat(user.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
	}

	@Test
	void refusesTheWebhookPastTheCapWithAConflictAndStoresNothing() {
		ApiClient user = newUser();
		Map<String, Object> webhook = Map.of("url", hookUrl(), "events", List.of("model.created"));
		String first = null;
		for (int i = 0; i < 20; i++) {
			ApiClient.Response created = user.post("/api/v1/webhooks", webhook);
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			first = (first != null) ? first : created.json().get("webhook").get("id").asString();
		}
		ApiClient.Response refused = user.post("/api/v1/webhooks", webhook);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/webhook-limit-reached");
		assertThat(refused.json().get("limit").asInt()).isEqualTo(20);
		assertThat(refused.json().get("detail").asString()).contains("20 webhooks");
		assertThat(user.get("/api/v1/webhooks").json()).hasSize(20);
		// the cap is per user
		assertThat(newUser().post("/api/v1/webhooks", webhook).status()).isEqualTo(201);

		assertThat(user.delete("/api/v1/webhooks/" + first).status()).isEqualTo(204);
		assertThat(user.post("/api/v1/webhooks", webhook).status()).isEqualTo(201);
	}

	private Received awaitReceived(Predicate<Received> wanted) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			for (Received request : new ArrayList<>(this.received)) {
				if (wanted.test(request)) {
					return request;
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("not received within 10 s; received: " + this.received);
	}

	private static JsonNode find(JsonNode array, Predicate<JsonNode> wanted) {
		for (JsonNode node : array) {
			if (wanted.test(node)) {
				return node;
			}
		}
		throw new AssertionError("none in " + array);
	}

	private static String hmac(String secret, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

}
