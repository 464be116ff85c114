package io.modelhost.usage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.modelhost.ApiClient;
import io.modelhost.ModelhostApplication;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the server while clients keep predicting, and counts: every prediction the server
 * answered has its usage record afterwards.
 */
class GracefulShutdownTests {

	@TempDir
	Path data;

	@Test
	void losesNoUsageRecordWhenStoppedUnderLoad() throws Exception {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(ModelhostApplication.class).run(
				"--server.port=0", "--modelhost.data-dir=" + this.data, "--modelhost.quotas.enabled=false",
				"--spring.main.banner-mode=off", "--modelhost.usage.flush-interval=2s");
		int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		ApiClient anonymous = ApiClient.anonymous(port);
		anonymous.post("/api/v1/auth/register",
				Map.of("username", "loaded", "email", "loaded@example.com", "password", "correct horse battery"));
		String token = anonymous
			.post("/api/v1/auth/login", Map.of("username", "loaded", "password", "correct horse battery"))
			.json()
			.get("access_token")
			.asString();
		ApiClient user = anonymous.withToken(token);
		JsonNode model = user
			.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
					Map.of("name", "iris", "description", "under load"))
			.json();
		String path = "/api/v1/models/" + model.get("id").asString() + "/predict";
		var row = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

		Queue<ApiClient.Response> answered = new ConcurrentLinkedQueue<>();
		var stopped = new AtomicBoolean();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 8; i++) {
				clients.submit(() -> {
					while (!stopped.get()) {
						try {
							answered.add(user.post(path, row));
						}
						catch (IllegalStateException ex) {
							return; // the server no longer takes connections
						}
					}
				});
			}
			Thread.sleep(1500);
			app.close(); // graceful: readiness off, predictions drain, web server
							// finishes, records written
			stopped.set(true);
			clients.shutdown();
			assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}

		long served = answered.stream().filter((r) -> r.status() == 200).count();
		long ours = answered.stream().filter((r) -> r.header("X-Request-Id") != null).count();
		assertThat(served).as("predictions answered before the stop").isGreaterThan(50);
		try (Connection db = DriverManager.getConnection(
				"jdbc:h2:file:" + this.data.resolve("db/modelhost") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa",
				"");
				ResultSet count = db.createStatement()
					.executeQuery("SELECT COUNT(*) FROM usage_record WHERE model_id = '" + model.get("id").asString()
							+ "'")) {
			count.next();
			assertThat(count.getLong(1)).as("a record for each of the %d answers", ours).isEqualTo(ours);
		}
	}

}
