package io.modelhost.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ModelManagementApiTests extends HttpTests {

	@Test
	void listsOnlyTheCallersModelsWithPagingFiltersAndSorting() {
		ApiClient user = newUser();
		ApiClient other = newUser();
		upload(other, "sklearn/iris_rf.joblib");
		JsonNode rf = rename(user, upload(user, "sklearn/iris_rf.joblib"), "b forest");
		JsonNode mlp = rename(user, upload(user, "onnx/iris_mlp.onnx"), "a network");
		JsonNode gbr = rename(user, upload(user, "sklearn/diabetes_gbr.joblib"), "c boosting");

		JsonNode all = user.get("/api/v1/models").json();
		assertThat(all.get("total").asLong()).isEqualTo(3);
		assertThat(ids(all)).containsExactly(id(gbr), id(mlp), id(rf)); // newest first

		assertThat(ids(user.get("/api/v1/models?sort=name&order=asc").json())).containsExactly(id(mlp), id(rf),
				id(gbr));
		JsonNode page = user.get("/api/v1/models?sort=name&order=asc&page=1&size=2").json();
		assertThat(ids(page)).containsExactly(id(gbr));
		assertThat(page.get("total").asLong()).isEqualTo(3);
		assertThat(page.get("page").asInt()).isEqualTo(1);

		assertThat(ids(user.get("/api/v1/models?format=onnx").json())).containsExactly(id(mlp));
		assertThat(ids(user.get("/api/v1/models?name=FOREST").json())).containsExactly(id(rf));
		assertThat(ids(user.get("/api/v1/models?status=active").json())).hasSize(3);
		assertThat(ids(user.get("/api/v1/models?status=failed").json())).isEmpty();
		assertThat(ids(user.get("/api/v1/models?name=%25").json())).isEmpty(); // % is not
																				// a
																				// wildcard
	}

	@Test
	void refusesBadListingParameters() {
		ApiClient user = newUser();
		for (String query : new String[] { "sort=size", "order=up", "size=0", "size=101", "page=-1",
				"status=sleeping" }) {
			ApiClient.Response response = user.get("/api/v1/models?" + query);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
	}

	@Test
	void editsNameAndDescriptionWithoutChangingTheEndpoint() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		ApiClient.Response patched = user.patch("/api/v1/models/" + id(model),
				Map.of("name", "Iris classifier", "description", "Predicts the species"));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("name").asString()).isEqualTo("Iris classifier");
		assertThat(patched.json().get("description").asString()).isEqualTo("Predicts the species");
		assertThat(patched.json().get("endpoint_url").asString()).isEqualTo(model.get("endpoint_url").asString());

		ApiClient.Response onlyName = user.patch("/api/v1/models/" + id(model), Map.of("name", "Iris"));
		assertThat(onlyName.json().get("description").asString()).isEqualTo("Predicts the species");
		assertThat(user.get("/api/v1/models/" + id(model)).json().get("name").asString()).isEqualTo("Iris");
		assertThat(user.post(predictPath(model), Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } })).status())
			.isEqualTo(200);
	}

	@Test
	void refusesEditsOfFieldsThatAreNotEditable() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		ApiClient.Response response = user.patch("/api/v1/models/" + id(model),
				Map.of("name", "x", "owner_id", "someone-else", "status", "failed"));
		assertThat(response.status()).isEqualTo(400);
		JsonNode unchanged = user.get("/api/v1/models/" + id(model)).json();
		assertThat(unchanged.get("name").asString()).isEqualTo(model.get("name").asString());
		assertThat(unchanged.get("status").asString()).isEqualTo("active");
		assertThat(user.patch("/api/v1/models/" + id(model), Map.of("name", "  ")).status()).isEqualTo(400);
	}

	@Test
	void deletingForGoodRemovesTheFileAndTheEndpoint() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		ApiClient keyed = apiKeyClient(user);
		Path files = DATA_DIR.resolve("models").resolve(id(model));
		assertThat(files).isDirectory();
		assertThat(keyed.post(predictPath(model), Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } })).status())
			.isEqualTo(200);

		assertThat(user.delete("/api/v1/models/" + id(model) + "?permanent=true").status()).isEqualTo(204);

		assertThat(Files.exists(files)).isFalse();
		ApiClient.Response predict = keyed.post(predictPath(model),
				Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } }));
		assertThat(predict.status()).isEqualTo(404);
		assertThat(predict.json().get("type").asString()).endsWith("/model-not-found");
		assertThat(user.get("/api/v1/models/" + id(model)).status()).isEqualTo(404);
		assertThat(user.delete("/api/v1/models/" + id(model) + "?permanent=true").status()).isEqualTo(404);
		assertThat(user.post("/api/v1/models/" + id(model) + "/restore", Map.of()).status()).isEqualTo(404);
	}

	@Test
	void anotherUserFindsNothingAndChangesNothing() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		ApiClient stranger = newUser();
		ApiClient strangerKey = apiKeyClient(stranger);
		String path = "/api/v1/models/" + id(model);
		var row = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

		ApiClient.Response[] responses = { stranger.get(path), stranger.patch(path, Map.of("name", "mine")),
				stranger.delete(path), stranger.post(path + "/predict", row), strangerKey.post(path + "/predict", row),
				stranger.get(path + "/docs"), strangerKey.get(path + "/docs") };
		for (ApiClient.Response response : responses) {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.json().get("type").asString()).endsWith("/model-not-found");
		}
		assertThat(stranger.get("/api/v1/models").json().get("total").asLong()).isZero();
		JsonNode unchanged = owner.get(path).json();
		assertThat(unchanged.get("name").asString()).isEqualTo(model.get("name").asString());
		assertThat(owner.post(path + "/predict", row).status()).isEqualTo(200);
	}

	@Test
	void answersUnknownAndMalformedIdsAlike() {
		ApiClient user = newUser();
		ApiClient.Response unknown = user.get("/api/v1/models/00000000-0000-0000-0000-000000000000");
		ApiClient.Response malformed = user.get("/api/v1/models/not-an-id");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(malformed.status()).isEqualTo(404);
		assertThat(malformed.json().get("detail").asString()).isEqualTo(unknown.json().get("detail").asString());
	}

	private static JsonNode rename(ApiClient user, JsonNode model, String name) {
		return user.patch("/api/v1/models/" + id(model), Map.of("name", name)).json();
	}

	private static String id(JsonNode model) {
		return model.get("id").asString();
	}

	private static java.util.List<String> ids(JsonNode page) {
		var ids = new java.util.ArrayList<String>();
		page.get("items").forEach((item) -> ids.add(id(item)));
		return ids;
	}

}
