package io.modelhost.analysis;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.modelhost.analysis.EvaluationApiTests.IRIS_FEATURES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may evaluate: exactly who may call the model's endpoint. Another user finds
 * nothing; an API key works within its model scope and is refused outside it; a dataset
 * is its owner's alone.
 */
class AnalysisAccessApiTests extends HttpTests {

	@Test
	void evaluatingFollowsThePredictEndpointsRules() throws InterruptedException {
		ApiClient owner = newUser();
		String dataset = Labelled.upload(owner, Labelled.codedIris());
		String model = Labelled.model(owner, "sklearn/iris_rf.joblib", IRIS_FEATURES).get("id").asString();
		String other = Labelled.model(owner, "sklearn/iris_logreg_pipeline.pkl", IRIS_FEATURES).get("id").asString();
		Map<String, Object> order = Map.of("dataset_id", dataset, "target", "species");
		String path = "/api/v1/models/" + model + "/evaluations";

		ApiClient stranger = newUser();
		assertProblem(stranger.post(path, order), 404, "model-not-found");
		String theirs = Labelled.model(stranger, "sklearn/iris_rf.joblib", IRIS_FEATURES).get("id").asString();
		assertProblem(stranger.post("/api/v1/models/" + theirs + "/evaluations", order), 404, "dataset-not-found");
		assertProblem(stranger.get(path), 404, "model-not-found");

		// evaluating reads the owner's labelled data: a task for people, not
		// applications,
		// so API keys, even one made for this model, are refused
		ApiClient scoped = scopedKey(owner, model);
		assertProblem(scoped.post(path, order), 403, "forbidden");
		assertProblem(scoped.get(path), 403, "forbidden");
		assertProblem(
				scoped.post("/api/v1/comparisons",
						Map.of("model_ids", List.of(other, model), "dataset_id", dataset, "target", "species")),
				403, "forbidden");

		ApiClient.Response submitted = owner.post(path, order);
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String evaluation = submitted.header("Location");
		JsonNode done = EvaluationApiTests.await(owner, evaluation);
		assertThat(done.get("metrics").get("accuracy").asDouble()).isPositive();
		assertProblem(scoped.get(evaluation), 403, "forbidden");
		assertProblem(stranger.get(evaluation), 404, "job-not-found");
		assertProblem(owner.get("/api/v1/comparisons/" + done.get("id").asString()), 404, "job-not-found");

		// the evaluation's 150 rows are not prediction usage: after one request of the
		// endpoint's own, that request is all the model's usage
		assertThat(scoped
			.post(predictPath(owner.get("/api/v1/models/" + model).json()),
					Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))))
			.status()).isEqualTo(200);
		long deadline = System.nanoTime() + 10_000_000_000L;
		JsonNode stats = owner.get("/api/v1/models/" + model + "/stats").json();
		while (stats.get("total_requests").asLong() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
			stats = owner.get("/api/v1/models/" + model + "/stats").json();
		}
		assertThat(stats.get("total_requests").asLong()).as(stats.toString()).isEqualTo(1);
	}

	@Test
	void aModelSharedForViewingCannotBeEvaluated() {
		ApiClient owner = newUser();
		String model = Labelled.model(owner, "sklearn/iris_rf.joblib", IRIS_FEATURES).get("id").asString();
		ApiClient viewer = newUser();
		String email = viewer.get("/api/v1/auth/me").json().get("email").asString();
		assertThat(owner.post("/api/v1/models/" + model + "/shares", Map.of("email", email, "permission", "view"))
			.status()).isEqualTo(202);
		String theirData = Labelled.upload(viewer, Labelled.codedIris());
		assertProblem(viewer.post("/api/v1/models/" + model + "/evaluations",
				Map.of("dataset_id", theirData, "target", "species")), 403, "insufficient-permission");
		assertThat(viewer.get("/api/v1/models/" + model + "/evaluations").status()).isEqualTo(200);
	}

	private ApiClient scopedKey(ApiClient owner, String model) {
		ApiClient.Response key = owner.post("/api/v1/api-keys",
				Map.of("name", "one model", "model_ids", List.of(model)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return anonymous().withApiKey(key.json().get("key").asString());
	}

	private static void assertProblem(ApiClient.Response response, int status, String type) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().get("type").asString()).as(response.toString()).endsWith("/" + type);
	}

}
