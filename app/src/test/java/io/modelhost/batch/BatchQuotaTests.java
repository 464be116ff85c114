package io.modelhost.batch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch prediction's rows count against its submitter's batch-row quota: with 1,000
 * rows per 2 seconds, a 3,000-row batch scores its first 1,000 rows at once and waits
 * about 4 seconds for the rest (500 rows a second), and says how long it waited. Every
 * row is still scored, and usage records hold the rows.
 */
@TestPropertySource(properties = { "modelhost.quotas.period=2s", "modelhost.quotas.per-user-batch-rows=1000",
		"modelhost.batch.chunk-size=400" })
class BatchQuotaTests extends HttpTests {

	private static final String FEATURES = "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)";

	@TempDir
	Path temp;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aBatchWaitsForItsRowQuotaAndScoresEveryRow() throws Exception {
		ApiClient user = newUser();
		String features = JsonMapper.builder().build().writeValueAsString(List.of(FEATURES.split(",")));
		ApiClient.Response model = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "iris forest", "features", features));
		assertThat(model.status()).as(model.toString()).isEqualTo(201);
		String modelId = model.json().get("id").asString();
		var text = new StringBuilder(FEATURES).append('\n');
		List<String> iris = Files.readAllLines(Fixtures.root().resolve("datasets/iris.csv"));
		for (int i = 0; i < 3000; i++) {
			String line = iris.get(1 + i % 150);
			text.append(line, 0, line.lastIndexOf(',')).append('\n');
		}
		Path file = Files.writeString(this.temp.resolve("rows.csv"), text, StandardCharsets.UTF_8);

		long started = System.nanoTime();
		ApiClient.Response submitted = user.upload("/api/v1/models/" + modelId + "/batch-predictions", file, null,
				Map.of());
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String id = submitted.json().get("id").asString();
		JsonNode job = user.get("/api/v1/batch-predictions/" + id).json();
		boolean sawWaiting = false;
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!job.get("status").asString().equals("succeeded") && System.nanoTime() < deadline) {
			assertThat(job.get("status").asString()).as(job.toString()).isIn("queued", "running");
			sawWaiting |= job.path("stage").asString("").contains("batch-row quota");
			Thread.sleep(50);
			job = user.get("/api/v1/batch-predictions/" + id).json();
		}
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(job.get("rows_ok").asLong()).isEqualTo(3000);
		// 2,000 rows beyond the bucket's 1,000, refilled at 500 a second
		assertThat(job.get("quota_wait_seconds").asDouble()).isBetween(2.5, 30.0);
		assertThat(seconds).isGreaterThan(3.0);
		assertThat(sawWaiting).as("the job's stage said it waited for the quota").isTrue();

		// the usage ledger holds the rows, chunk by chunk
		long rows = 0;
		long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < until) {
			rows = this.jdbc.sql("SELECT COALESCE(SUM(rows_count), 0) FROM usage_record WHERE model_id = :model")
				.param("model", modelId)
				.query(Long.class)
				.single();
			if (rows >= 3000) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(rows).isEqualTo(3000);
	}

}
