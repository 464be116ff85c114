package io.modelhost.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive idle policy, and queue depth with one worker that takes one request at a
 * time. Its own application, closed afterwards: archiving is not for the others' models.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.monitoring.idle.action=archive", "modelhost.scheduling.workers=1",
				"modelhost.scheduling.max-batch-size=1", "modelhost.serving.max-rows=100" })
@DirtiesContext
class IdleArchivingTests extends HttpTests {

	@Autowired
	IdleModels idle;

	@Autowired
	ResourceMonitor resources;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeEach
	void recordEvents() {
		MonitoringApiTests.recordEvents(this.context);
	}

	@Test
	void archivesAModelIdleForTheConfiguredPeriodAndUnloadsIt() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String id = model.get("id").asString();
		assertThat(user.get("/api/v1/models/" + id).json().get("runtime").get("loaded").asBoolean()).isTrue();

		this.idle.check(Instant.now().plus(Duration.ofDays(30)).plusSeconds(60));

		JsonNode archived = user.get("/api/v1/models/" + id).json();
		assertThat(archived.has("archived_at")).as(archived.toString()).isTrue();
		assertThat(archived.get("runtime").get("loaded").asBoolean()).isFalse();
		assertThat(user.post(predictPath(model), MonitoringApiTests.GOOD).status()).isEqualTo(404);
		assertThat(MonitoringApiTests.idleEvents(id)).singleElement()
			.satisfies((event) -> assertThat(event.archived()).isTrue());
	}

	@Test
	void samplesTheDepthOfAModelsQueue() throws Exception {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String id = model.get("id").asString();
		var rows = new ArrayList<List<Double>>();
		for (int i = 0; i < 100; i++) {
			rows.add(List.of(6.3, 3.3, 6.0, 2.5));
		}
		int deepest = 0;
		try (ExecutorService clients = Executors.newFixedThreadPool(32)) {
			for (int round = 0; round < 5 && deepest == 0; round++) {
				var calls = new ArrayList<CompletableFuture<Integer>>();
				for (int i = 0; i < 64; i++) {
					calls.add(CompletableFuture
						.supplyAsync(() -> user.post(predictPath(model), Map.of("inputs", rows)).status(), clients));
				}
				while (!calls.stream().allMatch(CompletableFuture::isDone)) {
					for (ResourceSample sample : this.resources.sample()) {
						if (sample.modelId().equals(id)) {
							deepest = Math.max(deepest, sample.queueDepth());
						}
					}
				}
				assertThat(calls).allSatisfy((call) -> assertThat(call.get()).isIn(200, 503));
			}
		}
		assertThat(deepest).as("requests seen waiting in the queue").isPositive();
		JsonNode samples = MonitoringApiTests.resources(user, model, Instant.now().minusSeconds(600)).get("samples");
		int stored = 0;
		for (JsonNode sample : samples) {
			stored = Math.max(stored, sample.get("queue_depth").asInt());
		}
		assertThat(stored).isEqualTo(deepest);
	}

}
