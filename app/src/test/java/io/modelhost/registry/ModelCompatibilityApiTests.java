package io.modelhost.registry;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compatibility gate: a new version whose inputs or outputs differ from the served
 * one's where clients would notice is stored but not promoted, and moves into production
 * only when forced; compatible versions follow the model's policy as before.
 */
class ModelCompatibilityApiTests extends HttpTests {

	private static final Map<String, Object> IRIS_ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	@Test
	void anIncompatibleVersionIsStoredButProductionStays() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "iris").get("id").asString();

		// a 10-feature regressor uploaded under the classifier's name
		ApiClient.Response upload = user.upload("/api/v1/models", Fixtures.model("sklearn/diabetes_gbr.joblib"), null,
				Map.of("name", "iris"));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		assertThat(upload.header("Location")).isEqualTo("/api/v1/models/" + id + "/versions/2");
		JsonNode model = upload.json();
		assertThat(model.get("version").asInt()).as("production stays").isEqualTo(1);
		assertThat(model.get("latest_version").asInt()).isEqualTo(2);
		assertThat(model.get("production_follows_newest").asBoolean()).as("the policy is unchanged").isTrue();
		JsonNode uploaded = model.get("uploaded_version");
		assertThat(uploaded.get("version").asInt()).isEqualTo(2);
		assertThat(uploaded.get("compatible").asBoolean()).isFalse();
		assertThat(uploaded.get("incompatibility").get("compared_with").asInt()).isEqualTo(1);
		List<String> differences = strings(uploaded.get("incompatibility").get("differences"));
		assertThat(differences).contains("the task changes from classification to regression")
			.anyMatch((d) -> d.startsWith("the number of features changes from 4 to 10") || d.startsWith("feature '"));

		// its clients keep their answers
		ApiClient.Response answer = apiKeyClient(user).post("/api/v1/models/" + id + "/predict", IRIS_ROW);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().get("model_version").asInt()).isEqualTo(1);
		JsonNode listed = user.get("/api/v1/models/" + id + "/versions").json();
		assertThat(listed.get(0).get("compatible").asBoolean()).isFalse();
		assertThat(listed.get(1).get("compatible").asBoolean()).isTrue();
		assertThat(listed.get(1).has("incompatibility")).isFalse();

		// promoting it needs force
		ApiClient.Response refused = user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 2));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.json().get("type").asString()).endsWith("/incompatible-version");
		assertThat(refused.json().get("production").asInt()).isEqualTo(1);
		assertThat(strings(refused.json().get("differences"))).isEqualTo(differences);
		ApiClient.Response follow = user.delete("/api/v1/models/" + id + "/aliases/production");
		assertThat(follow.status()).as("following the newest would serve it too").isEqualTo(409);
		assertThat(user.get("/api/v1/models/" + id).json().get("version").asInt()).isEqualTo(1);

		ApiClient.Response forced = user.put("/api/v1/models/" + id + "/aliases/production",
				Map.of("version", 2, "force", true));
		assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
		assertThat(forced.json().get("version").asInt()).isEqualTo(2);
		JsonNode audit = user.get("/api/v1/audit?action=model.alias.set").json();
		assertThat(audit.toString()).contains("\"forced\":\"true\"");
	}

	@Test
	void aCompatibleUploadStillGoesLiveAfterAnIncompatibleOne() {
		ApiClient user = newUser();
		String id = upload(user, "onnx/iris_mlp.onnx", "tensors").get("id").asString();
		JsonNode digits = user
			.upload("/api/v1/models/" + id + "/versions", Fixtures.model("onnx/digits_cnn.onnx"), null, Map.of())
			.json();
		assertThat(digits.get("version").asInt()).isEqualTo(1);
		assertThat(strings(digits.get("uploaded_version").get("incompatibility").get("differences")))
			.anyMatch((d) -> d.startsWith("input '") || d.startsWith("output '"));

		// compared with what production serves (version 1), not with the newest
		JsonNode again = user
			.upload("/api/v1/models/" + id + "/versions", Fixtures.model("onnx/iris_mlp.onnx"), null, Map.of())
			.json();
		assertThat(again.get("uploaded_version").get("compatible").asBoolean()).isTrue();
		assertThat(again.get("version").asInt()).isEqualTo(3);
		// and following the newest is fine now that the newest fits
		assertThat(user.delete("/api/v1/models/" + id + "/aliases/production").status()).isEqualTo(200);
		// rolling back to version 2 is a change of schema too
		assertThat(user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 2)).status())
			.isEqualTo(409);
	}

	@Test
	void aPinnedModelStaysPinnedAndCompatibleVersionsSayNothing() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "pinned").get("id").asString();
		JsonNode v2 = user
			.upload("/api/v1/models/" + id + "/versions", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null,
					Map.of())
			.json();
		assertThat(v2.get("uploaded_version").get("compatible").asBoolean()).isTrue();
		assertThat(v2.get("version").asInt()).isEqualTo(2);
		assertThat(user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 1)).status())
			.isEqualTo(200);
		JsonNode v3 = user
			.upload("/api/v1/models/" + id + "/versions", Fixtures.model("sklearn/iris_rf.joblib"), null, Map.of())
			.json();
		assertThat(v3.get("version").asInt()).as("pinned by hand").isEqualTo(1);
		assertThat(v3.get("uploaded_version").get("compatible").asBoolean()).isTrue();
	}

	@Test
	void aFileIsTriedAgainstProductionWithoutStoringAnything() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "tried").get("id").asString();
		String check = "/api/v1/models/" + id + "/compatibility";

		ApiClient.Response incompatible = user.upload(check, Fixtures.model("sklearn/diabetes_gbr.joblib"), null,
				Map.of());
		assertThat(incompatible.status()).as(incompatible.toString()).isEqualTo(200);
		assertThat(incompatible.json().get("compatible").asBoolean()).isFalse();
		assertThat(incompatible.json().get("would_serve").asBoolean()).isFalse();
		assertThat(incompatible.json().get("compared_with").asInt()).isEqualTo(1);
		assertThat(strings(incompatible.json().get("differences")))
			.contains("the task changes from classification to regression");
		assertThat(incompatible.json().get("schema").get("target").get("task").asString()).isEqualTo("regression");

		ApiClient.Response compatible = user.upload(check, Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null,
				Map.of());
		assertThat(compatible.json().get("compatible").asBoolean()).isTrue();
		assertThat(compatible.json().get("would_serve").asBoolean()).isTrue();
		assertThat(compatible.json().get("differences")).isEmpty();

		// nothing was stored
		JsonNode model = user.get("/api/v1/models/" + id).json();
		assertThat(model.get("latest_version").asInt()).isEqualTo(1);
		assertThat(user.get("/api/v1/models/" + id + "/versions").json()).hasSize(1);

		// refused as an upload would be, and for those who may not edit
		ApiClient.Response notAModel = user.upload(check, Fixtures.root().resolve("datasets/iris.csv"), null, Map.of());
		assertThat(notAModel.status()).isEqualTo(415);
		assertThat(newUser().upload(check, Fixtures.model("sklearn/iris_rf.joblib"), null, Map.of()).status())
			.isEqualTo(404);
	}

	@Test
	void theDescriptionTypedWithANewVersionIsItsNote() {
		ApiClient user = newUser();
		String id = upload(user, "sklearn/iris_rf.joblib", "noted").get("id").asString();
		ApiClient.Response byName = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"),
				null, Map.of("name", "noted", "description", "logistic regression instead of the forest"));
		assertThat(byName.status()).as(byName.toString()).isEqualTo(201);
		assertThat(byName.json().get("uploaded_version").get("description").asString())
			.isEqualTo("logistic regression instead of the forest");
		assertThat(byName.json().get("description").asString()).as("the model's own stays")
			.isEqualTo("fixture sklearn/iris_rf.joblib");
		ApiClient.Response byId = user.upload("/api/v1/models/" + id + "/versions",
				Fixtures.model("sklearn/iris_rf.joblib"), null, Map.of("description", "the forest again"));
		assertThat(byId.json().get("uploaded_version").get("description").asString()).isEqualTo("the forest again");
		JsonNode versions = user.get("/api/v1/models/" + id + "/versions").json();
		assertThat(versions.get(0).get("description").asString()).isEqualTo("the forest again");
		assertThat(versions.get(1).get("description").asString())
			.isEqualTo("logistic regression instead of the forest");
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
