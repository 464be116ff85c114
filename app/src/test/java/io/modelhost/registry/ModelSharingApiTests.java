package io.modelhost.registry;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Sharing a model with another user at view, use or edit, and revoking it. */
class ModelSharingApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	@Test
	void viewLetsTheUserSeeButNotPredictOrChange() {
		ApiClient owner = newUser();
		ApiClient viewer = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		String path = "/api/v1/models/" + model.get("id").asString();
		ApiClient.Response shared = owner.post(path + "/shares", Map.of("email", email(viewer), "permission", "view"));
		assertThat(shared.status()).as(shared.toString()).isEqualTo(202);
		assertThat(shared.json().get("permission").asString()).isEqualTo("view");
		assertThat(owner.get(path + "/shares").json().get(0).get("user_id").asString()).isEqualTo(userId(viewer));

		JsonNode seen = viewer.get(path).json();
		assertThat(seen.get("permission").asString()).isEqualTo("view");
		assertThat(seen.get("owner_id").asString()).isEqualTo(userId(owner));
		assertThat(viewer.get(path + "/versions").status()).isEqualTo(200);
		assertThat(viewer.get(path + "/docs").status()).isEqualTo(200);
		for (ApiClient.Response refused : List.of(viewer.post(path + "/predict", ROW),
				apiKeyClient(viewer).post(path + "/predict", ROW), viewer.patch(path, Map.of("name", "mine")),
				viewer.put(path + "/aliases/production", Map.of("version", 1)),
				viewer.post(path + "/shares", Map.of("email", email(newUser()), "permission", "use")),
				viewer.get(path + "/shares"), viewer.delete(path), viewer.delete(path + "?permanent=true"))) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
			assertThat(refused.json().get("type").asString()).endsWith("/insufficient-permission");
		}
		JsonNode mine = viewer.get("/api/v1/models/shared-with-me").json();
		assertThat(mine.get("total").asInt()).isEqualTo(1);
		assertThat(mine.get("items").get(0).get("permission").asString()).isEqualTo("view");
		assertThat(viewer.get("/api/v1/models").json().get("total").asInt()).isZero();
		assertThat(owner.get(path).json().get("name").asString()).isEqualTo(model.get("name").asString());
	}

	@Test
	void useAddsPredictionsWithTokenOrApiKey() {
		ApiClient owner = newUser();
		ApiClient user = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		String path = "/api/v1/models/" + model.get("id").asString();
		owner.post(path + "/shares", Map.of("email", email(user), "permission", "use"));

		assertThat(user.post(path + "/predict", ROW).status()).isEqualTo(200);
		assertThat(apiKeyClient(user).post(path + "/predict", ROW).status()).isEqualTo(200);
		assertThat(user.post(path + "/versions/1/predict", ROW).status()).isEqualTo(200);
		assertThat(user
			.post("/v2/models/" + model.get("id").asString() + "/infer", Map.of("inputs",
					List.of(Map.of("name", "x1", "shape", List.of(1), "datatype", "FP64", "data", List.of(5.1)),
							Map.of("name", "x2", "shape", List.of(1), "datatype", "FP64", "data", List.of(3.5)),
							Map.of("name", "x3", "shape", List.of(1), "datatype", "FP64", "data", List.of(1.4)),
							Map.of("name", "x4", "shape", List.of(1), "datatype", "FP64", "data", List.of(0.2)))))
			.status()).isEqualTo(200);
		assertThat(user.patch(path, Map.of("description", "mine")).status()).isEqualTo(403);
	}

	@Test
	void editAddsMetadataVersionsAndAliasesButNotSharingOrDeleting() {
		ApiClient owner = newUser();
		ApiClient editor = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		String path = "/api/v1/models/" + model.get("id").asString();
		owner.post(path + "/shares", Map.of("email", email(editor), "permission", "edit"));

		JsonNode edited = editor.patch(path, Map.of("description", "edited by a colleague")).json();
		assertThat(edited.get("description").asString()).isEqualTo("edited by a colleague");
		assertThat(edited.get("endpoint_url").asString()).isEqualTo(model.get("endpoint_url").asString());
		ApiClient.Response version = editor.upload(path + "/versions",
				Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null, Map.of());
		assertThat(version.status()).as(version.toString()).isEqualTo(201);
		assertThat(editor.put(path + "/aliases/production", Map.of("version", 1)).status()).isEqualTo(200);
		assertThat(editor.patch(path, Map.of("status", "inactive")).status()).isEqualTo(200);
		assertThat(editor.patch(path, Map.of("status", "active")).status()).isEqualTo(200);

		assertThat(editor.post(path + "/shares", Map.of("email", email(newUser()), "permission", "use")).status())
			.isEqualTo(403);
		assertThat(editor.delete(path).status()).isEqualTo(403);
		assertThat(editor.delete(path + "?permanent=true").status()).isEqualTo(403);
		assertThat(owner.get(path).json().get("archived_at")).isNull();
		// the owner's model list is the owner's; an editor's upload under the same name
		// makes the editor's own model
		assertThat(editor.get("/api/v1/models").json().get("total").asInt()).isZero();
	}

	@Test
	void changesAndRevocationsTakeEffectAtOnce() {
		ApiClient owner = newUser();
		ApiClient user = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		String path = "/api/v1/models/" + model.get("id").asString();
		ApiClient keyed = apiKeyClient(user);
		owner.post(path + "/shares", Map.of("email", email(user), "permission", "use"));
		String shareId = owner.get(path + "/shares").json().get(0).get("user_id").asString();
		assertThat(keyed.post(path + "/predict", ROW).status()).isEqualTo(200);

		JsonNode changed = owner.patch(path + "/shares/" + shareId, Map.of("permission", "view")).json();
		assertThat(changed.get("permission").asString()).isEqualTo("view");
		assertThat(keyed.post(path + "/predict", ROW).status()).isEqualTo(403);

		owner.patch(path + "/shares/" + shareId, Map.of("permission", "use"));
		assertThat(keyed.post(path + "/predict", ROW).status()).isEqualTo(200);
		JsonNode shares = owner.get(path + "/shares").json();
		assertThat(shares.size()).isEqualTo(1);
		assertThat(shares.get(0).get("email").asString()).isEqualTo(email(user));

		assertThat(owner.delete(path + "/shares/" + shareId).status()).isEqualTo(204);
		for (ApiClient.Response gone : List.of(keyed.post(path + "/predict", ROW), user.get(path),
				user.get(path + "/versions"))) {
			assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
			assertThat(gone.json().get("type").asString()).endsWith("/model-not-found");
		}
		assertThat(user.get("/api/v1/models/shared-with-me").json().get("total").asInt()).isZero();
		assertThat(owner.get(path + "/shares").json().size()).isZero();
		assertThat(owner.delete(path + "/shares/" + shareId).status()).isEqualTo(404);
	}

	@Test
	void answersSharingWithAnUnknownAddressAsWithAKnownOne() {
		ApiClient owner = newUser();
		ApiClient other = newUser();
		String path = "/api/v1/models/" + upload(owner, "sklearn/iris_rf.joblib").get("id").asString();

		ApiClient.Response self = owner.post(path + "/shares", Map.of("email", email(owner), "permission", "use"));
		assertThat(self.status()).isEqualTo(400);
		assertThat(self.json().get("type").asString()).endsWith("/self-share");
		for (String permission : new String[] { "owner", "admin", "" }) {
			assertThat(owner.post(path + "/shares", Map.of("email", email(other), "permission", permission)).status())
				.as(permission)
				.isEqualTo(400);
		}
		ApiClient.Response unknown = owner.post(path + "/shares",
				Map.of("email", "nobody" + System.nanoTime() + "@example.com", "permission", "use"));
		ApiClient.Response known = owner.post(path + "/shares",
				Map.of("email", email(other).toUpperCase(), "permission", "use"));
		ApiClient.Response twice = owner.post(path + "/shares", Map.of("email", email(other), "permission", "edit"));
		for (ApiClient.Response answer : List.of(unknown, known, twice)) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
			assertThat(answer.header("Location")).isNull();
			assertThat(fieldNames(answer.json())).containsExactly("email", "permission", "detail");
			assertThat(answer.json().get("detail")).isEqualTo(known.json().get("detail"));
		}
		assertThat(other.get(path).status()).as("the known user has access").isEqualTo(200);
		JsonNode shares = owner.get(path + "/shares").json();
		assertThat(shares.size()).as("the unknown address shares with nobody").isEqualTo(1);
		assertThat(shares.get(0).get("permission").asString()).as("sharing again changes nothing").isEqualTo("use");
		assertThat(owner.patch(path + "/shares/not-a-user", Map.of("permission", "use")).status()).isEqualTo(404);
	}

	@Test
	void theSharesListShowsOnlyWhatTheOwnerTyped() {
		ApiClient owner = newUser();
		String suffix = Long.toHexString(System.nanoTime());
		// an address that does not spell the username
		assertThat(
				anonymous()
					.post("/api/v1/auth/register",
							Map.of("username", "hidden_" + suffix, "email", "pal_" + suffix + "@example.com",
									"password", "correct horse battery"))
					.status())
			.isEqualTo(201);
		String username = "hidden_" + suffix;
		String email = "pal_" + suffix + "@example.com";
		String path = "/api/v1/models/" + upload(owner, "sklearn/iris_rf.joblib").get("id").asString();
		owner.post(path + "/shares", Map.of("email", email.toUpperCase(), "permission", "use"));

		ApiClient.Response listed = owner.get(path + "/shares");
		assertThat(listed.status()).isEqualTo(200);
		JsonNode share = listed.json().get(0);
		assertThat(fieldNames(share)).containsExactlyInAnyOrder("user_id", "email", "permission", "created_at",
				"updated_at");
		assertThat(share.get("email").asString()).isEqualTo(email);
		assertThat(listed.body()).as("the username behind the address is not the owner's to learn")
			.doesNotContain(username);
		ApiClient.Response changed = owner.patch(path + "/shares/" + share.get("user_id").asString(),
				Map.of("permission", "view"));
		assertThat(fieldNames(changed.json())).doesNotContain("username");
		assertThat(changed.body()).doesNotContain(username);
	}

	private static List<String> fieldNames(JsonNode node) {
		var names = new java.util.ArrayList<String>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private static String email(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("email").asString();
	}

	private static String userId(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("id").asString();
	}

}
