package io.modelhost.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions and the alias {@code production}: uploading again adds an immutable version,
 * the endpoint follows the newest until the alias is moved by hand, and any version can
 * be called.
 */
class ModelVersionsApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	@Test
	void uploadingUnderTheSameNameAddsAVersionThatTheEndpointServes() {
		ApiClient user = newUser();
		JsonNode first = upload(user, "sklearn/iris_rf.joblib", "iris");
		ApiClient.Response second = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"),
				null, Map.of("name", "iris"));
		assertThat(second.status()).as(second.toString()).isEqualTo(201);
		String id = first.get("id").asString();
		assertThat(second.header("Location")).isEqualTo("/api/v1/models/" + id + "/versions/2");
		JsonNode model = second.json();
		assertThat(model.get("id").asString()).isEqualTo(id);
		assertThat(model.get("endpoint_url").asString()).isEqualTo(first.get("endpoint_url").asString());
		assertThat(model.get("version").asInt()).isEqualTo(2);
		assertThat(model.get("latest_version").asInt()).isEqualTo(2);
		assertThat(model.get("aliases").get("production").asInt()).isEqualTo(2);
		assertThat(model.get("production_follows_newest").asBoolean()).isTrue();
		assertThat(model.get("description").asString()).isEqualTo(first.get("description").asString());
		assertThat(user.get("/api/v1/models").json().get("total").asInt()).isEqualTo(1);

		assertThat(servedVersion(user, id)).isEqualTo(2);
		JsonNode v1 = user.post("/api/v1/models/" + id + "/versions/1/predict", ROW).json();
		JsonNode v2 = user.post("/api/v1/models/" + id + "/versions/2/predict", ROW).json();
		assertThat(v1.get("model_version").asInt()).isEqualTo(1);
		assertThat(v2.get("model_version").asInt()).isEqualTo(2);
		assertThat(v1.get("probabilities")).isNotEqualTo(v2.get("probabilities"));
		ApiClient.Response byKey = apiKeyClient(user).post("/api/v1/models/" + id + "/versions/1/predict", ROW);
		assertThat(byKey.status()).as("applications call a version with their key").isEqualTo(200);
		assertThat(byKey.json().get("model_version").asInt()).isEqualTo(1);

		JsonNode versions = user.get("/api/v1/models/" + id + "/versions").json();
		assertThat(numbers(versions)).containsExactly(2, 1);
		assertThat(versions.get(0).get("aliases").toString()).isEqualTo("[\"production\"]");
		assertThat(versions.get(1).get("aliases").size()).isZero();
		assertThat(versions.get(1).get("file").get("sha256").asString())
			.isEqualTo(first.get("file").get("sha256").asString());
		assertThat(versions.get(0).get("endpoint_url").asString())
			.endsWith("/api/v1/models/" + id + "/versions/2/predict");
	}

	@Test
	void promotesAndRollsBackByMovingTheAlias() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "churn").get("id").asString();
		ApiClient.Response v2 = user.upload("/api/v1/models/" + id + "/versions",
				Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null, Map.of());
		assertThat(v2.status()).as(v2.toString()).isEqualTo(201);
		assertThat(v2.header("Location")).isEqualTo("/api/v1/models/" + id + "/versions/2");
		assertThat(servedVersion(user, id)).isEqualTo(2);

		// roll back: the endpoint serves version 1, and stays there when version 3 comes
		JsonNode rolledBack = user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 1)).json();
		assertThat(rolledBack.get("version").asInt()).isEqualTo(1);
		assertThat(rolledBack.get("production_follows_newest").asBoolean()).isFalse();
		assertThat(servedVersion(user, id)).isEqualTo(1);
		JsonNode v3 = user
			.upload("/api/v1/models/" + id + "/versions", Fixtures.model("sklearn/iris_rf.joblib"), null, Map.of())
			.json();
		assertThat(v3.get("latest_version").asInt()).isEqualTo(3);
		assertThat(v3.get("version").asInt()).isEqualTo(1);
		assertThat(servedVersion(user, id)).isEqualTo(1);

		// promote: straight to version 3
		user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 3));
		assertThat(servedVersion(user, id)).isEqualTo(3);

		// follow the newest again
		JsonNode following = user.delete("/api/v1/models/" + id + "/aliases/production").json();
		assertThat(following.get("production_follows_newest").asBoolean()).isTrue();
		user.upload("/api/v1/models/" + id + "/versions", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null,
				Map.of());
		assertThat(servedVersion(user, id)).isEqualTo(4);
	}

	@Test
	void deletesAVersionForGoodButNeverTheOneInProductionNorItsNumber() throws Exception {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "pruned").get("id").asString();
		String base = "/api/v1/models/" + id;
		user.upload(base + "/versions", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null, Map.of());
		user.put(base + "/aliases/production", Map.of("version", 1));
		assertThat(user.post(base + "/versions/2/predict", ROW).status()).isEqualTo(200);

		ApiClient.Response inProduction = user.delete(base + "/versions/1");
		assertThat(inProduction.status()).as(inProduction.toString()).isEqualTo(409);
		assertThat(inProduction.json().get("type").asString()).endsWith("/version-in-production");
		ApiClient friend = newUser();
		String email = friend.get("/api/v1/auth/me").json().get("email").asString();
		user.post(base + "/shares", Map.of("email", email, "permission", "edit"));
		assertThat(friend.delete(base + "/versions/2").status()).as("owners only").isEqualTo(403);
		assertThat(newUser().delete(base + "/versions/2").status()).isEqualTo(404);

		assertThat(user.delete(base + "/versions/2").status()).isEqualTo(204);
		assertThat(user.delete(base + "/versions/2").status()).isEqualTo(404);
		assertThat(user.get(base + "/versions/2").status()).isEqualTo(404);
		assertThat(user.post(base + "/versions/2/predict", ROW).status()).isEqualTo(404);
		assertThat(numbers(user.get(base + "/versions").json())).containsExactly(1);
		assertThat(user.get(base).json().get("latest_version").asInt()).isEqualTo(1);
		assertThat(java.nio.file.Files.exists(DATA_DIR.resolve("models").resolve(id).resolve("2")))
			.as("its files are gone")
			.isFalse();
		assertThat(user.get("/api/v1/audit?action=model.version.delete").json().toString()).contains("\"2\"");

		// the number is not given again: a client of version 2 must never reach another
		// model
		ApiClient.Response next = user.upload(base + "/versions", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of());
		assertThat(next.header("Location")).isEqualTo(base + "/versions/3");
		assertThat(numbers(user.get(base + "/versions").json())).containsExactly(3, 1);
	}

	@Test
	void refusesVersionsThatDoNotExist() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "v").get("id").asString();
		for (ApiClient.Response response : List.of(
				user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 7)),
				user.get("/api/v1/models/" + id + "/versions/7"), user.get("/api/v1/models/" + id + "/versions/x"),
				user.get("/api/v1/models/" + id + "/versions/0"),
				user.post("/api/v1/models/" + id + "/versions/7/predict", ROW))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.json().get("type").asString()).endsWith("/version-not-found");
		}
		ApiClient.Response missing = user.put("/api/v1/models/" + id + "/aliases/production", Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(servedVersion(user, id)).isEqualTo(1);
	}

	@Test
	void aRefusedNewVersionLeavesTheModelAsItWas() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib", "safe");
		String id = model.get("id").asString();
		ApiClient.Response refused = user.upload("/api/v1/models/" + id + "/versions",
				Fixtures.model("malicious/os_system.pkl"), null, Map.of());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		JsonNode after = user.get("/api/v1/models/" + id).json();
		assertThat(after.get("latest_version").asInt()).isEqualTo(1);
		assertThat(numbers(user.get("/api/v1/models/" + id + "/versions").json())).containsExactly(1);
		assertThat(servedVersion(user, id)).isEqualTo(1);
	}

	@Test
	void oipAddressesEachVersion() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "oip-versions").get("id").asString();
		user.upload("/api/v1/models/" + id + "/versions", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null,
				Map.of());
		Map<String, Object> body = Map.of("inputs",
				List.of(Map.of("name", "x1", "shape", List.of(1), "datatype", "FP64", "data", List.of(5.1)),
						Map.of("name", "x2", "shape", List.of(1), "datatype", "FP64", "data", List.of(3.5)),
						Map.of("name", "x3", "shape", List.of(1), "datatype", "FP64", "data", List.of(1.4)),
						Map.of("name", "x4", "shape", List.of(1), "datatype", "FP64", "data", List.of(0.2))));
		assertThat(user.post("/v2/models/oip-versions/versions/1/infer", body).json().get("model_version").asString())
			.isEqualTo("1");
		assertThat(user.post("/v2/models/oip-versions/infer", body).json().get("model_version").asString())
			.isEqualTo("2");
		assertThat(user.post("/v2/models/oip-versions/versions/3/infer", body).status()).isEqualTo(404);
	}

	private static int servedVersion(ApiClient user, String id) {
		ApiClient.Response response = user.post("/api/v1/models/" + id + "/predict", ROW);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("model_version").asInt();
	}

	private static List<Integer> numbers(JsonNode versions) {
		var numbers = new ArrayList<Integer>();
		versions.forEach((version) -> numbers.add(version.get("version").asInt()));
		return numbers;
	}

}
