package io.modelhost.registry;

import java.util.ArrayList;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aliases besides production: created and moved by the model's editors, listed with the
 * model, called by name, and keeping the version they point to from deletion.
 */
class ModelAliasesApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	@Test
	void anAliasPointsAtAVersionThatIsCalledByItsName() {
		ApiClient user = newUser();
		String id = twoVersions(user, "aliased");
		String base = "/api/v1/models/" + id;

		ApiClient.Response set = user.put(base + "/aliases/staging", Map.of("version", 1));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().toString()).isEqualTo("{\"production\":2,\"staging\":1}");
		assertThat(user.get(base).json().get("aliases").toString()).isEqualTo("{\"production\":2,\"staging\":1}");
		assertThat(user.get(base + "/aliases").json().toString()).isEqualTo("{\"production\":2,\"staging\":1}");
		JsonNode versions = user.get(base + "/versions").json();
		assertThat(versions.get(0).get("aliases").toString()).isEqualTo("[\"production\"]");
		assertThat(versions.get(1).get("aliases").toString()).isEqualTo("[\"staging\"]");

		ApiClient.Response staged = user.post(base + "/aliases/staging/predict", ROW);
		assertThat(staged.status()).as(staged.toString()).isEqualTo(200);
		assertThat(staged.json().get("model_version").asInt()).isEqualTo(1);
		JsonNode v1 = user.post(base + "/versions/1/predict", ROW).json();
		assertThat(staged.json().get("probabilities")).isEqualTo(v1.get("probabilities"));
		ApiClient keyed = apiKeyClient(user);
		ApiClient.Response byKey = keyed.post(base + "/aliases/staging/predict", ROW);
		assertThat(byKey.status()).as("applications call an alias with their key").isEqualTo(200);
		assertThat(byKey.json().get("model_version").asInt()).isEqualTo(1);
		assertThat(keyed.post(base + "/aliases/production/predict", ROW).json().get("model_version").asInt())
			.as("production is the endpoint")
			.isEqualTo(2);

		// moved: the next call reaches the new version at once
		user.put(base + "/aliases/staging", Map.of("version", 2));
		assertThat(keyed.post(base + "/aliases/staging/predict", ROW).json().get("model_version").asInt()).isEqualTo(2);
		user.put(base + "/aliases/eu-canary-2", Map.of("version", 1));
		assertThat(user.get(base + "/aliases").json().toString())
			.isEqualTo("{\"eu-canary-2\":1,\"production\":2,\"staging\":2}");

		ApiClient.Response unknown = keyed.post(base + "/aliases/nightly/predict", ROW);
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		assertThat(unknown.json().get("type").asString()).endsWith("/alias-not-found");
		assertThat(unknown.json().get("alias").asString()).isEqualTo("nightly");

		assertThat(user.delete(base + "/aliases/staging").status()).isEqualTo(204);
		assertThat(keyed.post(base + "/aliases/staging/predict", ROW).status()).isEqualTo(404);
		ApiClient.Response again = user.delete(base + "/aliases/staging");
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.json().get("type").asString()).endsWith("/alias-not-found");
		assertThat(user.get(base).json().get("aliases").toString()).isEqualTo("{\"eu-canary-2\":1,\"production\":2}");

		var audit = new ArrayList<String>();
		user.get("/api/v1/audit?action=model.alias.")
			.json()
			.get("items")
			.forEach((e) -> audit.add(e.get("action").asString() + " " + e.get("details").get("alias").asString() + " "
					+ e.get("details").get("version").asString()));
		assertThat(audit).containsExactly("model.alias.delete staging 2", "model.alias.set eu-canary-2 1",
				"model.alias.set staging 2", "model.alias.set staging 1");
	}

	@Test
	void refusesBadNamesBodiesVersionsAndCallersWithoutEditPermission() {
		ApiClient user = newUser();
		String id = twoVersions(user, "strict");
		String base = "/api/v1/models/" + id;
		for (String name : new String[] { "Staging", "-x", "a_b", "x".repeat(41) }) {
			ApiClient.Response bad = user.put(base + "/aliases/" + name, Map.of("version", 1));
			assertThat(bad.status()).as(name + ": " + bad).isEqualTo(400);
			assertThat(bad.json().get("type").asString()).endsWith("/invalid-request");
			assertThat(bad.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/alias");
		}
		assertThat(user.put(base + "/aliases/" + "x".repeat(40), Map.of("version", 1)).status()).isEqualTo(200);

		ApiClient.Response noVersion = user.put(base + "/aliases/staging", Map.of());
		assertThat(noVersion.status()).isEqualTo(400);
		assertThat(noVersion.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/version");
		ApiClient.Response notANumber = user.put(base + "/aliases/staging", Map.of("version", "one"));
		assertThat(notANumber.status()).isEqualTo(400);
		assertThat(notANumber.json().get("type").asString()).endsWith("/malformed-body");
		assertThat(notANumber.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/version");
		ApiClient.Response unknownVersion = user.put(base + "/aliases/staging", Map.of("version", 9));
		assertThat(unknownVersion.status()).isEqualTo(404);
		assertThat(unknownVersion.json().get("type").asString()).endsWith("/version-not-found");

		ApiClient viewer = newUser();
		ApiClient editor = newUser();
		user.post(base + "/shares", Map.of("email", email(viewer), "permission", "view"));
		user.post(base + "/shares", Map.of("email", email(editor), "permission", "edit"));
		assertThat(viewer.put(base + "/aliases/staging", Map.of("version", 1)).status()).isEqualTo(403);
		assertThat(editor.put(base + "/aliases/staging", Map.of("version", 1)).status()).isEqualTo(200);
		assertThat(viewer.get(base + "/aliases").json().get("staging").asInt()).isEqualTo(1);
		assertThat(viewer.delete(base + "/aliases/staging").status()).isEqualTo(403);
		assertThat(newUser().get(base + "/aliases").status()).isEqualTo(404);
	}

	@Test
	void aVersionAnAliasPointsToIsNotDeleted() {
		ApiClient user = newUser();
		String id = twoVersions(user, "kept");
		String base = "/api/v1/models/" + id;
		user.put(base + "/aliases/staging", Map.of("version", 1));

		ApiClient.Response refused = user.delete(base + "/versions/1");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.json().get("type").asString()).endsWith("/version-in-use");
		assertThat(refused.json().get("alias").asString()).isEqualTo("staging");
		assertThat(refused.json().get("version").asInt()).isEqualTo(1);
		assertThat(refused.json().get("detail").asString()).contains("'staging'");
		assertThat(user.post(base + "/aliases/staging/predict", ROW).status()).isEqualTo(200);

		user.delete(base + "/aliases/staging");
		assertThat(user.delete(base + "/versions/1").status()).isEqualTo(204);
	}

	/** A model with two compatible versions of iris; production serves version 2. */
	private String twoVersions(ApiClient user, String name) {
		String id = upload(user, "sklearn/iris_rf.joblib", name).get("id").asString();
		ApiClient.Response second = user.upload("/api/v1/models/" + id + "/versions",
				Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null, Map.of());
		assertThat(second.status()).as(second.toString()).isEqualTo(201);
		assertThat(second.json().get("version").asInt()).isEqualTo(2);
		return id;
	}

	private static String email(ApiClient client) {
		return client.get("/api/v1/auth/me").json().get("email").asString();
	}

}
