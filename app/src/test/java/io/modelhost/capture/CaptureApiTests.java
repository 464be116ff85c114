package io.modelhost.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.TestClock;
import io.modelhost.drift.IrisRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payload capture over real HTTP with the iris random forest: what is stored at each
 * sample rate, listing and export, retention on a {@link TestClock}, deletion with the
 * model, and who may see captures.
 */
@Import(TestClock.Configuration.class)
class CaptureApiTests extends HttpTests {

	@Autowired
	TestClock clock;

	@Autowired
	Captures captures;

	@Autowired
	JdbcClient jdbc;

	private ApiClient owner;

	private String model;

	@BeforeEach
	void irisModel() {
		this.owner = newUser();
		this.model = IrisRows.uploadModel(this.owner);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void isOffByDefaultAndStoresNothingWhenOff() {
		JsonNode settings = this.owner.get(capturePath()).json();
		assertThat(settings.get("enabled").asBoolean()).isFalse();
		predict(5);
		// a row captured afterwards is written after anything offered before it
		enable(1.0);
		predict(1);
		awaitStored(1);
	}

	@Test
	void storesEveryPredictionAtSampleRateOne() {
		enable(1.0);
		List<double[]> sent = predict(40);
		awaitStored(40);
		JsonNode page = this.owner.get(capturesPath()).json();
		assertThat(page.get("total").asLong()).isEqualTo(40);
		JsonNode newest = page.get("captures").get(0);
		assertThat(newest.get("version").asInt()).isEqualTo(1);
		assertThat(newest.get("inputs").get("sepal length (cm)").asDouble()).isEqualTo(sent.getLast()[0]);
		assertThat(newest.get("prediction").asString()).isNotEmpty();
		assertThat(newest.get("probabilities")).hasSize(3);
		assertThat(newest.toString()).doesNotContain("api_key").doesNotContain("user");
		sleepMillis(300);
		assertThat(this.owner.get(capturesPath()).json().get("total").asLong()).isEqualTo(40);
	}

	@Test
	void storesNothingAtSampleRateZero() {
		enable(0.0);
		predict(30);
		enable(1.0);
		predict(1);
		awaitStored(1);
	}

	@Test
	void exportsCsvAndNdjson() {
		enable(1.0);
		predict(3);
		awaitStored(3);
		ApiClient.Response csv = this.owner.get(capturesPath() + "/export");
		assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		String[] lines = csv.body().split("\r\n");
		assertThat(lines).hasSize(4);
		assertThat(lines[0]).isEqualTo("captured_at,version,sepal length (cm),sepal width (cm),petal length (cm),"
				+ "petal width (cm),prediction,probabilities");
		ApiClient.Response ndjson = this.owner.get(capturesPath() + "/export?format=ndjson");
		assertThat(ndjson.status()).isEqualTo(200);
		assertThat(ndjson.body().strip().split("\n")).hasSize(3);
		ApiClient.Response bad = this.owner.get(capturesPath() + "/export?format=xml");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/format");
	}

	@Test
	void retentionDeletesRowsOlderThanTheModelsRetention() {
		ApiClient.Response set = this.owner.put(capturePath(),
				Map.of("enabled", true, "sample_rate", 1.0, "retention_days", 7));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		predict(4);
		awaitStored(4);
		this.clock.advance(Duration.ofDays(6));
		this.captures.purge();
		assertThat(stored()).isEqualTo(4);
		this.clock.advance(Duration.ofDays(1).plusMinutes(1));
		this.captures.purge();
		assertThat(stored()).isZero();
	}

	@Test
	void deletingTheModelDeletesItsCaptures() {
		enable(1.0);
		predict(5);
		awaitStored(5);
		assertThat(this.owner.delete("/api/v1/models/" + this.model + "?permanent=true").status()).isEqualTo(204);
		assertThat(stored()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM capture_setting WHERE model_id = :model")
			.param("model", this.model)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void refusesSettingsOutOfRangeNamingTheField() {
		ApiClient.Response rate = this.owner.put(capturePath(), Map.of("enabled", true, "sample_rate", 1.5));
		assertThat(rate.status()).isEqualTo(400);
		assertThat(rate.json().get("type").asString()).endsWith("/invalid-capture-request");
		assertThat(rate.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/sample_rate");
		ApiClient.Response days = this.owner.put(capturePath(), Map.of("enabled", true, "retention_days", 0));
		assertThat(days.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/retention_days");
		ApiClient.Response missing = this.owner.put(capturePath(), Map.of("sample_rate", 0.5));
		assertThat(missing.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/enabled");
		assertThat(this.owner.get(capturesPath() + "?from=yesterday").status()).isEqualTo(400);
	}

	@Test
	void switchesOnThroughTheModelsPatchToo() {
		ApiClient.Response patched = this.owner.patch("/api/v1/models/" + this.model, Map.of("capture",
				Map.of("enabled", true, "sample_rate", 1.0, "retention_days", 3), "description", "captured"));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("description").asString()).isEqualTo("captured");
		ApiClient.Response settings = this.owner.get(capturePath());
		assertThat(settings.json().get("enabled").asBoolean()).isTrue();
		assertThat(settings.json().get("retention_days").asInt()).isEqualTo(3);
		predict(2);
		awaitStored(2);
		ApiClient.Response bad = this.owner.patch("/api/v1/models/" + this.model,
				Map.of("capture", Map.of("enabled", true, "sample_rate", 2)));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/capture/sample_rate");
		ApiClient.Response unknown = this.owner.patch("/api/v1/models/" + this.model,
				Map.of("capture", Map.of("enabled", false, "rate", 1)));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/capture/rate");
		assertThat(this.owner.get(capturePath()).json().get("sample_rate").asDouble()).isEqualTo(1.0);
		ApiClient.Response off = this.owner.patch("/api/v1/models/" + this.model,
				Map.of("capture", Map.of("enabled", false)));
		assertThat(off.status()).isEqualTo(200);
		assertThat(this.owner.get(capturePath()).json().get("enabled").asBoolean()).isFalse();
		assertThat(newUser().patch("/api/v1/models/" + this.model, Map.of("capture", Map.of("enabled", true))).status())
			.isEqualTo(404);
	}

	@Test
	void onlyTheOwnerReadsCapturesAndKeysCannotManageThem() {
		enable(1.0);
		predict(2);
		awaitStored(2);
		ApiClient stranger = newUser();
		assertThat(stranger.get(capturesPath()).status()).isEqualTo(404);
		assertThat(stranger.get(capturesPath() + "/export").status()).isEqualTo(404);
		assertThat(stranger.put(capturePath(), Map.of("enabled", false)).status()).isEqualTo(404);
		ApiClient editor = newUser();
		this.owner.post("/api/v1/models/" + this.model + "/shares",
				Map.of("email", editor.get("/api/v1/auth/me").json().get("email").asString(), "permission", "edit"));
		assertThat(editor.get(capturePath()).status()).isEqualTo(200);
		assertThat(editor.get(capturesPath()).status()).isEqualTo(403);
		assertThat(editor.get(capturesPath() + "/export").status()).isEqualTo(403);
		ApiClient key = apiKeyClient(this.owner);
		assertThat(key.get(capturesPath()).status()).isEqualTo(403);
		assertThat(key.put(capturePath(), Map.of("enabled", false)).status()).isEqualTo(403);
		// predictions by key are captured like any other, without the key
		assertThat(key
			.post("/api/v1/models/" + this.model + "/predict",
					Map.of("inputs", List.of(IrisRows.features().getFirst())))
			.status()).isEqualTo(200);
		awaitStored(3);
		assertThat(this.owner.get(capturesPath() + "/export?format=ndjson").body()).doesNotContain("key");
	}

	private void enable(double rate) {
		ApiClient.Response response = this.owner.put(capturePath(), Map.of("enabled", true, "sample_rate", rate));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("sample_rate").asDouble()).isEqualTo(rate);
	}

	private List<double[]> predict(int rows) {
		List<double[]> sent = new ArrayList<>(IrisRows.features().subList(0, rows));
		ApiClient.Response response = this.owner.post("/api/v1/models/" + this.model + "/predict",
				Map.of("inputs", sent));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return sent;
	}

	private long stored() {
		return this.jdbc.sql("SELECT COUNT(*) FROM prediction_capture WHERE model_id = :model")
			.param("model", this.model)
			.query(Long.class)
			.single();
	}

	/** Waits for the writer to store this many rows, then checks that no more come. */
	private void awaitStored(long expected) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (stored() < expected && System.nanoTime() < deadline) {
			sleepMillis(50);
		}
		assertThat(stored()).isEqualTo(expected);
	}

	private String capturePath() {
		return "/api/v1/models/" + this.model + "/capture";
	}

	private String capturesPath() {
		return "/api/v1/models/" + this.model + "/captures";
	}

	private static void sleepMillis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
