package io.modelhost.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.usage.UsageLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;

class MonitoringApiTests extends HttpTests {

	static final Map<String, Object> GOOD = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

	static final Map<String, Object> BAD = Map.of("inputs", List.of(List.of("x")));

	/** Every monitoring event the application published, whichever thread did. */
	static final List<Object> EVENTS = new CopyOnWriteArrayList<>();

	@Autowired
	ResourceMonitor resources;

	@Autowired
	Alerts alerts;

	@Autowired
	IdleModels idle;

	@Autowired
	UsageLedger ledger;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeEach
	void recordEvents() {
		recordEvents(this.context);
	}

	static synchronized void recordEvents(ConfigurableApplicationContext context) {
		if (context.getBeanFactory().containsSingleton("monitoringEventsRecorded")) {
			return;
		}
		context.getBeanFactory().registerSingleton("monitoringEventsRecorded", Boolean.TRUE);
		context.addApplicationListener((event) -> {
			if (event instanceof PayloadApplicationEvent<?> payload
					&& (payload.getPayload() instanceof AlertRaised || payload.getPayload() instanceof ModelWentIdle)) {
				EVENTS.add(payload.getPayload());
			}
		});
	}

	@Test
	void attributesCpuTimeToTheModelThatPredictedAndMemoryToEachLoadedModel() {
		ApiClient user = newUser();
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		JsonNode forest = upload(user, "sklearn/iris_rf.joblib");
		JsonNode mlp = upload(user, "onnx/iris_mlp.onnx");
		this.resources.sample();
		var rows = new ArrayList<List<Double>>();
		for (int i = 0; i < 100; i++) {
			rows.add(List.of(5.1 + i % 3, 3.5, 1.4, 0.2));
		}
		for (int i = 0; i < 50; i++) {
			ApiClient.Response predicted = user.post(predictPath(forest), Map.of("inputs", rows));
			assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
		}
		this.resources.sample();

		JsonNode forestResources = resources(user, forest, start);
		JsonNode mlpResources = resources(user, mlp, start);
		assertThat(cpuSeconds(forestResources)).as("CPU time of the forest's predictions").isGreaterThan(0);
		assertThat(cpuSeconds(mlpResources)).as("never called").isZero();
		assertThat(forestResources.get("samples")).allSatisfy((sample) -> {
			assertThat(sample.get("cpu_percent").asDouble()).isBetween(0.0, 100.0);
			assertThat(sample.get("queue_depth").asInt()).isGreaterThanOrEqualTo(0);
		});
		for (JsonNode model : List.of(forest, mlp)) {
			JsonNode runtime = user.get("/api/v1/models/" + model.get("id").asString()).json().get("runtime");
			JsonNode current = resources(user, model, start).get("current");
			assertThat(current.get("loaded").asBoolean()).isTrue();
			assertThat(current.get("heap_bytes").asLong()).isEqualTo(runtime.get("heap_bytes").asLong()).isPositive();
			assertThat(current.get("native_bytes").asLong())
				.isEqualTo(Math.max(0, runtime.path("native_bytes").asLong(0)));
			assertThat(current.get("memory_bytes").asLong())
				.isEqualTo(current.get("heap_bytes").asLong() + current.get("native_bytes").asLong());
			JsonNode latest = user.get("/api/v1/models/" + model.get("id").asString() + "/resources/current").json();
			assertThat(latest.get("current").get("at").asString()).isEqualTo(current.get("at").asString());
		}

		String scrape = admin().get("/actuator/prometheus").body();
		assertThat(scrape)
			.contains("modelhost_model_cpu_seconds_total{model=\"" + forest.get("id").asString() + "\",version=\"1\"}");
		assertThat(scrape).contains("modelhost_queue_depth{model=\"" + forest.get("id").asString());
	}

	@Test
	void samplesThePlatformForAdministratorsOnly() {
		Instant start = Instant.now().minusSeconds(1);
		this.resources.sample();
		ApiClient.Response platform = admin().get("/api/v1/admin/platform/resources?from=" + start);
		assertThat(platform.status()).as(platform.toString()).isEqualTo(200);
		JsonNode current = platform.json().get("current");
		assertThat(current.get("rss_bytes").asLong()).isGreaterThan(current.get("heap_used_bytes").asLong() / 100);
		assertThat(current.get("heap_used_bytes").asLong()).isPositive();
		assertThat(platform.json().get("samples").size()).isPositive();
		assertThat(newUser().get("/api/v1/admin/platform/resources").status()).isEqualTo(403);
	}

	@Test
	void raisesAnAlertOnceWhenTheErrorRateCrossesItsThresholdAndClearsItWhenTrafficIsGoodAgain() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String id = model.get("id").asString();
		ApiClient.Response set = user.put(path(model, "/alert-rules"), Map.of("error_rate", 0.5, "window", "PT5M"));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(user.get(path(model, "/alert-rules")).json().get("error_rate").asDouble()).isEqualTo(0.5);
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		predict(user, model, GOOD, 2, 200);
		predict(user, model, BAD, 6, 400);
		this.ledger.flush();
		this.alerts.evaluate();
		this.alerts.evaluate();

		List<JsonNode> open = list(user.get(path(model, "/alerts?state=open")).json());
		assertThat(open).hasSize(1);
		JsonNode alert = open.getFirst();
		assertThat(alert.get("metric").asString()).isEqualTo("error_rate");
		assertThat(alert.get("state").asString()).isEqualTo("open");
		assertThat(alert.get("threshold").asDouble()).isEqualTo(0.5);
		assertThat(alert.get("value").asDouble()).isEqualTo(0.75);
		Instant raisedAt = Instant.parse(alert.get("raised_at").asString());
		assertThat(raisedAt).isBetween(before, Instant.now());
		assertThat(alert.has("cleared_at")).isFalse();
		assertThat(raised(id)).singleElement().satisfies((event) -> {
			assertThat(event.alertId()).isEqualTo(alert.get("id").asString());
			assertThat(event.metric()).isEqualTo("error_rate");
			assertThat(event.value()).isEqualTo(0.75);
			assertThat(event.owner().value()).isEqualTo(user.get("/api/v1/auth/me").json().get("id").asString());
		});

		predict(user, model, GOOD, 20, 200);
		this.ledger.flush();
		this.alerts.evaluate();

		assertThat(list(user.get(path(model, "/alerts")).json())).as("open is the default").isEmpty();
		List<JsonNode> all = list(user.get(path(model, "/alerts?state=all")).json());
		assertThat(all).singleElement().satisfies((cleared) -> {
			assertThat(cleared.get("state").asString()).isEqualTo("cleared");
			assertThat(Instant.parse(cleared.get("cleared_at").asString())).isAfterOrEqualTo(raisedAt)
				.isBeforeOrEqualTo(Instant.now());
			assertThat(cleared.get("cleared_value").asDouble()).isEqualTo(6.0 / 28);
		});
		assertThat(raised(id)).as("published once").hasSize(1);
	}

	@Test
	void refusesThresholdsOutOfRangeWithAProblem() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		for (var invalid : List.of(Map.of("cpu_percent", -1), Map.of("cpu_percent", 101), Map.of("memory_mb", 0),
				Map.of("error_rate", 1.5), Map.of("p95_latency_ms", -5), Map.of("window", "PT1S"),
				Map.of("window", "P400D"), Map.of("window", "soon"))) {
			ApiClient.Response response = user.put(path(model, "/alert-rules"), invalid);
			assertThat(response.status()).as(invalid + " -> " + response).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			String field = invalid.keySet().iterator().next();
			if (!response.json().path("type").asString().endsWith("/invalid-request")) {
				assertThat(response.json().get("type").asString()).endsWith("/invalid-monitoring-request");
				assertThat(response.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/" + field);
			}
		}
		assertThat(user.put(path(model, "/alert-rules"), Map.of("cpu", 5)).status()).as("unknown field").isEqualTo(400);
		assertThat(user.get(path(model, "/alerts?state=closed")).status()).isEqualTo(400);
		assertThat(user.get(path(model, "/resources?from=yesterday")).status()).isEqualTo(400);
		assertThat(user.get(path(model, "/resources?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z")).status())
			.isEqualTo(400);
		assertThat(user.get(path(model, "/alert-rules")).json().has("error_rate")).as("nothing was set").isFalse();
	}

	@Test
	void letsViewersReadAndEditorsSetRulesAndStrangersFindNothing() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		ApiClient viewer = newUser();
		ApiClient editor = newUser();
		share(owner, model, viewer, "view");
		share(owner, model, editor, "edit");

		assertThat(viewer.get(path(model, "/alert-rules")).status()).isEqualTo(200);
		assertThat(viewer.get(path(model, "/resources")).status()).isEqualTo(200);
		assertThat(viewer.get(path(model, "/alerts?state=all")).status()).isEqualTo(200);
		ApiClient.Response refused = viewer.put(path(model, "/alert-rules"), Map.of("cpu_percent", 50));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("needed").asString()).isEqualTo("edit");
		ApiClient.Response edited = editor.put(path(model, "/alert-rules"), Map.of("memory_mb", 512));
		assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
		assertThat(owner.get(path(model, "/alert-rules")).json().get("memory_mb").asDouble()).isEqualTo(512);
		assertThat(owner.get(path(model, "/alert-rules")).json().get("window").asString()).isEqualTo("PT5M");

		ApiClient stranger = newUser();
		for (String path : List.of("/resources", "/resources/current", "/alert-rules", "/alerts")) {
			ApiClient.Response response = stranger.get(path(model, path));
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.json().get("type").asString()).endsWith("/model-not-found");
		}
		assertThat(stranger.put(path(model, "/alert-rules"), Map.of("cpu_percent", 1)).status()).isEqualTo(404);
		assertThat(owner.get(path(model, "/alert-rules")).json().get("memory_mb").asDouble()).isEqualTo(512);
	}

	@Test
	void flagsAModelIdleOnceAndAPredictionClearsTheFlag() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String id = model.get("id").asString();
		assertThat(resources(user, model, Instant.now().minusSeconds(60)).get("idle").get("idle").asBoolean())
			.isFalse();
		Instant later = Instant.now().plus(Duration.ofDays(31));

		this.idle.check(later);
		this.idle.check(later.plusSeconds(3600));

		JsonNode flag = resources(user, model, Instant.now().minusSeconds(60)).get("idle");
		assertThat(flag.get("idle").asBoolean()).isTrue();
		assertThat(flag.get("archived").asBoolean()).isFalse();
		assertThat(Instant.parse(flag.get("flagged_at").asString())).isEqualTo(later.truncatedTo(ChronoUnit.MICROS));
		assertThat(Instant.parse(flag.get("idle_since").asString())).isBefore(Instant.now().plusSeconds(1))
			.isAfter(Instant.now().minusSeconds(600));
		assertThat(idleEvents(id)).singleElement().satisfies((event) -> {
			assertThat(event.archived()).isFalse();
			assertThat(event.lastUsedAt()).isNull();
		});
		assertThat(user.get("/api/v1/models/" + id).json().has("archived_at")).as("the default action only flags")
			.isFalse();

		predict(user, model, GOOD, 1, 200);
		assertThat(resources(user, model, Instant.now().minusSeconds(60)).get("idle").get("idle").asBoolean())
			.isFalse();
	}

	private List<AlertRaised> raised(String modelId) {
		return EVENTS.stream()
			.filter((event) -> event instanceof AlertRaised raised && raised.modelId().equals(modelId))
			.map(AlertRaised.class::cast)
			.toList();
	}

	static List<ModelWentIdle> idleEvents(String modelId) {
		return EVENTS.stream()
			.filter((event) -> event instanceof ModelWentIdle idle && idle.modelId().equals(modelId))
			.map(ModelWentIdle.class::cast)
			.toList();
	}

	static void predict(ApiClient user, JsonNode model, Map<String, Object> body, int times, int status) {
		for (int i = 0; i < times; i++) {
			ApiClient.Response response = user.post(predictPath(model), body);
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
		}
	}

	static JsonNode resources(ApiClient user, JsonNode model, Instant from) {
		ApiClient.Response response = user.get(path(model, "/resources?from=" + from));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static double cpuSeconds(JsonNode resources) {
		double total = 0;
		for (JsonNode sample : resources.get("samples")) {
			total += sample.get("cpu_seconds").asDouble();
		}
		return total;
	}

	static String path(JsonNode model, String suffix) {
		return "/api/v1/models/" + model.get("id").asString() + suffix;
	}

	private static void share(ApiClient owner, JsonNode model, ApiClient with, String permission) {
		String email = with.get("/api/v1/auth/me").json().get("email").asString();
		ApiClient.Response shared = owner.post(path(model, "/shares"),
				Map.of("email", email, "permission", permission));
		assertThat(shared.status()).as(shared.toString()).isEqualTo(202);
	}

	private static List<JsonNode> list(JsonNode array) {
		var items = new ArrayList<JsonNode>();
		array.forEach(items::add);
		return items;
	}

}
