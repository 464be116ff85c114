package io.modelhost.drift;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift over real HTTP: the iris random forest against fixtures/datasets/iris.csv as its
 * reference, compared with batches and with its captured traffic.
 */
class DriftApiTests extends HttpTests {

	private static final String PETAL_LENGTH = "petal length (cm)";

	@TempDir
	Path temp;

	@Autowired
	DriftAlerts alerts;

	private ApiClient owner;

	private String model;

	private String reference;

	@BeforeEach
	void irisModelAndReference() {
		this.owner = newUser();
		this.model = IrisRows.uploadModel(this.owner);
		this.reference = dataset(IrisRows.file(), "iris");
	}

	@Test
	void flagsTheFeatureShiftedByTwoStandardDeviationsAndNoOther() {
		setReference();
		String shifted = dataset(IrisRows.shifted(this.temp, 2, 2 * IrisRows.standardDeviation(2)), "shifted");
		ApiClient.Response response = this.owner.post(driftPath(), Map.of("dataset_id", shifted));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode report = response.json();
		assertThat(report.get("reference").get("dataset_id").asString()).isEqualTo(this.reference);
		assertThat(report.get("reference").get("rows").asLong()).isEqualTo(150);
		assertThat(report.get("current").get("rows").asLong()).isEqualTo(150);
		assertThat(report.get("features")).hasSize(4);
		for (JsonNode feature : report.get("features")) {
			String name = feature.get("feature").asString();
			assertThat(feature.get("test").asString()).isEqualTo("ks");
			assertThat(feature.get("reference_histogram").get("counts").size())
				.isEqualTo(feature.get("reference_histogram").get("edges").size() - 1);
			if (name.equals(PETAL_LENGTH)) {
				assertThat(feature.get("drifted").asBoolean()).as(name).isTrue();
				assertThat(feature.get("p_value").asDouble()).as(name).isLessThan(1e-6);
				assertThat(feature.get("psi").asDouble()).as(name).isGreaterThan(1);
			}
			else {
				assertThat(feature.get("drifted").asBoolean()).as(name).isFalse();
				assertThat(feature.get("statistic").asDouble()).as(name).isZero();
				assertThat(feature.get("psi").asDouble()).as(name).isZero();
			}
		}
		assertThat(report.get("share_drifted").asDouble()).isEqualTo(0.25);
		assertThat(report.get("drifted").asBoolean()).isTrue();
		JsonNode predictions = report.get("prediction_drift");
		assertThat(predictions.get("test").asString()).isEqualTo("chi_squared");
		assertThat(predictions.get("reference_histogram").get("categories").size()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void aModelTrainedHereHasItsTrainingDatasetAsReference() throws InterruptedException {
		ApiClient.Response submitted = this.owner.post("/api/v1/training-jobs", Map.of("dataset_id", this.reference,
				"target", "species", "model_name", "trained iris", "time_budget_s", 5, "folds", 3));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String job = submitted.json().get("id").asString();
		long deadline = System.nanoTime() + 90_000_000_000L;
		JsonNode state = this.owner.get("/api/v1/training-jobs/" + job).json();
		while (!state.get("status").asString().equals("succeeded") && System.nanoTime() < deadline) {
			assertThat(state.get("status").asString()).as(state.toString()).isIn("queued", "running");
			sleep(100);
			state = this.owner.get("/api/v1/training-jobs/" + job).json();
		}
		String trained = state.get("model_id").asString();
		JsonNode reference = this.owner.get("/api/v1/models/" + trained + "/reference").json();
		assertThat(reference.get("source").asString()).as(reference.toString()).isEqualTo("training");
		assertThat(reference.get("dataset_id").asString()).isEqualTo(this.reference);
		String shifted = dataset(IrisRows.shifted(this.temp, 2, 2 * IrisRows.standardDeviation(2)), "shifted");
		ApiClient.Response response = this.owner.post("/api/v1/models/" + trained + "/drift",
				Map.of("dataset_id", shifted));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("drifted").asBoolean()).isTrue();
	}

	@Test
	void findsNoDriftInTheReferenceItself() {
		setReference();
		JsonNode report = this.owner.post(driftPath(), Map.of("dataset_id", this.reference)).json();
		assertThat(report.get("drifted").asBoolean()).as(report.toString()).isFalse();
		assertThat(report.get("share_drifted").asDouble()).isZero();
		assertThat(report.get("prediction_drift").get("p_value").asDouble()).isEqualTo(1.0);
	}

	@Test
	void comparesCapturedTrafficWithTheReference() {
		setReference();
		assertThat(this.owner.put(capturePath(), Map.of("enabled", true, "sample_rate", 1.0)).status()).isEqualTo(200);
		List<double[]> rows = IrisRows.features();
		predict(rows.subList(0, 75));
		predict(rows.subList(75, 150));
		awaitCaptures(150);
		ApiClient.Response response = this.owner.get(driftPath());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode report = response.json();
		assertThat(report.get("current").get("source").asString()).isEqualTo("captures");
		assertThat(report.get("current").get("rows").asLong()).isEqualTo(150);
		assertThat(report.get("drifted").asBoolean()).as(report.toString()).isFalse();
		assertThat(report.get("prediction_drift").get("drifted").asBoolean()).isFalse();
	}

	@Test
	void answers409WithoutReferenceOrWithTooFewCapturedRows() {
		ApiClient.Response none = this.owner.get(driftPath());
		assertThat(none.status()).as(none.toString()).isEqualTo(409);
		assertThat(none.json().get("type").asString()).endsWith("/no-drift-reference");
		assertThat(this.owner.get(referencePath()).json().get("source").asString()).isEqualTo("none");
		setReference();
		ApiClient.Response few = this.owner.get(driftPath());
		assertThat(few.status()).as(few.toString()).isEqualTo(409);
		assertThat(few.json().get("type").asString()).endsWith("/not-enough-rows");
		assertThat(few.json().get("rows").asLong()).isZero();
	}

	@Test
	void refusesAReferenceWithoutTheModelsFeaturesListingThem() {
		String partial = dataset(IrisRows.twoFeatures(this.temp), "two features");
		ApiClient.Response response = this.owner.put(referencePath(), Map.of("dataset_id", partial));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("type").asString()).endsWith("/invalid-drift-request");
		assertThat(response.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/dataset_id");
		assertThat(response.json().get("missingFeatures").toString()).contains("sepal width (cm)")
			.contains(PETAL_LENGTH)
			.doesNotContain("petal width (cm)");
		ApiClient.Response shifted = this.owner.post(driftPath(), Map.of("dataset_id", partial));
		assertThat(shifted.status()).as(shifted.toString()).isEqualTo(400);
	}

	@Test
	void setsShowsAndClearsTheReference() {
		JsonNode set = setReference();
		assertThat(set.get("source").asString()).isEqualTo("set");
		JsonNode shown = this.owner.get(referencePath()).json();
		assertThat(shown.get("dataset_id").asString()).isEqualTo(this.reference);
		assertThat(this.owner.delete(referencePath()).status()).isEqualTo(204);
		assertThat(this.owner.get(referencePath()).json().get("source").asString()).isEqualTo("none");
	}

	@Test
	void othersFindNothingViewersReadTheReferenceOnlyAndKeysCannotManage() {
		setReference();
		ApiClient stranger = newUser();
		for (String path : List.of(referencePath(), driftPath(), capturePath())) {
			assertThat(stranger.get(path).status()).as(path).isEqualTo(404);
		}
		assertThat(stranger.post(driftPath(), Map.of("dataset_id", this.reference)).status()).isEqualTo(404);
		ApiClient viewer = newUser();
		this.owner.post("/api/v1/models/" + this.model + "/shares",
				Map.of("email", viewer.get("/api/v1/auth/me").json().get("email").asString(), "permission", "view"));
		assertThat(viewer.get(referencePath()).status()).isEqualTo(200);
		assertThat(viewer.get(driftPath()).status()).isEqualTo(403);
		assertThat(viewer.put(referencePath(), Map.of("dataset_id", this.reference)).status()).isEqualTo(403);
		assertThat(viewer.delete(referencePath()).status()).isEqualTo(403);
		ApiClient key = apiKeyClient(this.owner);
		ApiClient.Response byKey = key.get(driftPath());
		assertThat(byKey.status()).as(byKey.toString()).isEqualTo(403);
		assertThat(key.put(referencePath(), Map.of("dataset_id", this.reference)).status()).isEqualTo(403);
	}

	@Test
	void alertsWebhooksOnceWhenCapturedTrafficDrifts() {
		setReference();
		String webhook = this.owner
			.post("/api/v1/webhooks",
					Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("drift.detected"), "model_id",
							this.model))
			.json()
			.get("webhook")
			.get("id")
			.asString();
		ApiClient.Response rule = this.owner.put(driftPath() + "/alert-rule", Map.of("psi", 0.5, "window", "1h"));
		assertThat(rule.status()).as(rule.toString()).isEqualTo(200);
		assertThat(rule.json().get("window_seconds").asLong()).isEqualTo(3600);
		assertThat(this.owner.put(capturePath(), Map.of("enabled", true, "sample_rate", 1.0)).status()).isEqualTo(200);
		double shift = 2 * IrisRows.standardDeviation(2);
		List<double[]> shifted = IrisRows.features().stream().map((row) -> {
			double[] moved = row.clone();
			moved[2] += shift;
			return moved;
		}).toList();
		predict(shifted.subList(0, 75));
		predict(shifted.subList(75, 150));
		awaitCaptures(150);
		this.alerts.evaluate();
		JsonNode open = this.owner.get(driftPath() + "/alert-rule").json();
		assertThat(open.get("open").asBoolean()).as(open.toString()).isTrue();
		this.alerts.evaluate();
		JsonNode deliveries = this.owner.get("/api/v1/webhooks/" + webhook + "/deliveries").json();
		assertThat(deliveries).hasSize(1);
		assertThat(deliveries.get(0).get("event").asString()).isEqualTo("drift.detected");
		assertThat(this.owner.get(driftPath() + "/alert-rule").json().get("open_since").asString())
			.isEqualTo(open.get("open_since").asString());
		ApiClient.Response bad = this.owner.put(driftPath() + "/alert-rule", Map.of("share_drifted", 2));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/share_drifted");
	}

	private JsonNode setReference() {
		ApiClient.Response response = this.owner.put(referencePath(), Map.of("dataset_id", this.reference));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private void predict(List<double[]> rows) {
		ApiClient.Response response = this.owner.post("/api/v1/models/" + this.model + "/predict",
				Map.of("inputs", new ArrayList<>(rows)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private void awaitCaptures(long expected) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		long total = -1;
		while (System.nanoTime() < deadline) {
			total = this.owner.get(capturesPath()).json().get("total").asLong();
			if (total >= expected) {
				break;
			}
			sleep(50);
		}
		assertThat(total).isEqualTo(expected);
	}

	private String dataset(Path file, String name) {
		ApiClient.Response response = this.owner.upload("/api/v1/datasets", file, null, Map.of("name", name));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private String driftPath() {
		return "/api/v1/models/" + this.model + "/drift";
	}

	private String referencePath() {
		return "/api/v1/models/" + this.model + "/reference";
	}

	private String capturePath() {
		return "/api/v1/models/" + this.model + "/capture";
	}

	private String capturesPath() {
		return "/api/v1/models/" + this.model + "/captures";
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
