package io.modelhost.jobs;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica that only serves ({@code modelhost.roles=serve}) answers predictions and
 * queues jobs, but runs none: they wait for a replica that works.
 */
@TestPropertySource(properties = { "modelhost.roles=serve", "modelhost.jobs.poll-interval=200ms" })
class ServeOnlyReplicaTests extends HttpTests {

	private static final String FEATURES = "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)";

	@Test
	void servesButLeavesJobsQueued() throws InterruptedException {
		ApiClient user = newUser();
		String features = JsonMapper.builder().build().writeValueAsString(List.of(FEATURES.split(",")));
		ApiClient.Response model = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "iris forest", "features", features));
		assertThat(model.status()).as(model.toString()).isEqualTo(201);
		String id = model.json().get("id").asString();
		assertThat(
				user.post("/api/v1/models/" + id + "/predict", Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))))
					.status())
			.isEqualTo(200);

		ApiClient.Response batch = user.upload("/api/v1/models/" + id + "/batch-predictions",
				Fixtures.root().resolve("datasets/iris.csv"), null, Map.of());
		assertThat(batch.status()).as(batch.toString()).isEqualTo(202);
		// many of the schedulers' polls: a working replica would have run it by now
		Thread.sleep(3_000);
		assertThat(user.get("/api/v1/batch-predictions/" + batch.json().get("id").asString())
			.json()
			.get("status")
			.asString()).isEqualTo("queued");
	}

}
