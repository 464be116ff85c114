package io.modelhost.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Active and inactive endpoints, archiving, restoring and deleting for good. */
class ModelLifecycleApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ModelRegistry registry;

	@Test
	void anInactiveEndpointAnswers403AndIsUnloadedUntilActivatedAgain() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String path = "/api/v1/models/" + model.get("id").asString();
		ApiClient keyed = apiKeyClient(user);
		assertThat(keyed.post(path + "/predict", ROW).status()).isEqualTo(200);
		assertThat(user.get(path).json().get("runtime").get("loaded").asBoolean()).isTrue();

		JsonNode inactive = user.patch(path, Map.of("status", "inactive")).json();
		assertThat(inactive.get("status").asString()).isEqualTo("inactive");
		assertThat(inactive.get("endpoint_url").asString()).isEqualTo(model.get("endpoint_url").asString());
		assertThat(inactive.get("runtime").get("loaded").asBoolean()).isFalse();
		for (ApiClient client : List.of(user, keyed)) {
			ApiClient.Response refused = client.post(path + "/predict", ROW);
			assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("type").asString()).endsWith("/model-inactive");
		}
		Map<String, Object> oip = Map.of("inputs", List
			.of(Map.of("name", "x", "shape", List.of(1, 4), "datatype", "FP64", "data", List.of(5.1, 3.5, 1.4, 0.2))));
		assertThat(user.post("/v2/models/" + model.get("id").asString() + "/infer", oip).status()).isEqualTo(403);
		assertThat(user.get(path).json().get("runtime").get("loaded").asBoolean()).isFalse();
		assertThat(user.get("/api/v1/models?status=inactive").json().get("total").asInt()).isEqualTo(1);

		assertThat(user.patch(path, Map.of("status", "failed")).status()).isEqualTo(400);
		assertThat(user.patch(path, Map.of("status", "active")).json().get("status").asString()).isEqualTo("active");
		assertThat(keyed.post(path + "/predict", ROW).status()).isEqualTo(200);
	}

	@Test
	void archivingHidesTheEndpointUntilTheOwnerRestoresIt() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String id = model.get("id").asString();
		String path = "/api/v1/models/" + id;
		Path files = DATA_DIR.resolve("models").resolve(id);

		assertThat(user.delete(path).status()).isEqualTo(204);
		ApiClient.Response predict = user.post(path + "/predict", ROW);
		assertThat(predict.status()).isEqualTo(404);
		assertThat(predict.json().get("type").asString()).endsWith("/model-not-found");
		assertThat(user.get("/api/v1/models").json().get("total").asInt()).isZero();
		JsonNode archived = user.get("/api/v1/models?archived=true").json().get("items").get(0);
		assertThat(archived.get("id").asString()).isEqualTo(id);
		assertThat(archived.has("archived_at")).isTrue();
		assertThat(archived.get("purge_after").asString()).isGreaterThan(archived.get("archived_at").asString());
		assertThat(user.get(path).json().has("archived_at")).isTrue();
		assertThat(files).isDirectory();
		// archived: not editable, not archivable twice
		assertThat(user.patch(path, Map.of("name", "x")).status()).isEqualTo(404);
		assertThat(user.delete(path).status()).isEqualTo(404);

		JsonNode restored = user.post(path + "/restore", Map.of()).json();
		assertThat(restored.has("archived_at")).isFalse();
		assertThat(restored.get("endpoint_url").asString()).isEqualTo(model.get("endpoint_url").asString());
		assertThat(user.post(path + "/predict", ROW).status()).isEqualTo(200);
		assertThat(user.post(path + "/restore", Map.of()).status()).isEqualTo(404);
	}

	@Test
	void archivedModelsAreDeletedForGoodAfterTheRetention() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib").get("id").asString();
		String kept = upload(user, "onnx/iris_mlp.onnx").get("id").asString();
		user.delete("/api/v1/models/" + id);
		user.delete("/api/v1/models/" + kept);
		// the first was archived 31 days ago, past the default retention of 30 days
		this.jdbc.sql("UPDATE model SET archived_at = archived_at - INTERVAL '31' DAY WHERE id = :id")
			.param("id", id)
			.update();

		assertThat(this.registry.purgeArchived()).isGreaterThanOrEqualTo(1);

		assertThat(user.get("/api/v1/models/" + id).status()).isEqualTo(404);
		assertThat(DATA_DIR.resolve("models").resolve(id)).doesNotExist();
		assertThat(user.get("/api/v1/models/" + kept).status()).isEqualTo(200);
		assertThat(Files.isDirectory(DATA_DIR.resolve("models").resolve(kept))).isTrue();
	}

	@Test
	void aNameOfAnArchivedModelStartsANewModel() {
		ApiClient user = newUser();
		String first = upload(user, "sklearn/iris_rf.joblib").get("id").asString();
		user.delete("/api/v1/models/" + first);
		JsonNode second = upload(user, "sklearn/iris_rf.joblib");
		assertThat(second.get("id").asString()).isNotEqualTo(first);
		assertThat(second.get("version").asInt()).isEqualTo(1);
	}

}
