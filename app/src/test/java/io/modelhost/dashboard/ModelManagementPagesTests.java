package io.modelhost.dashboard;

import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model's page over real HTTP, without JavaScript: promoting and rolling back versions,
 * editing the name and description, and sharing; and what viewers and strangers may not
 * do there.
 */
class ModelManagementPagesTests extends HttpTests {

	@Test
	void promotesRollsBackRenamesAndShares() {
		String name = "manage_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		JsonNode first = upload(api, "sklearn/iris_rf.joblib", "flowers");
		upload(api, "sklearn/iris_logreg_pipeline.pkl", "flowers");
		String id = first.get("id").asString();
		String path = "/models/" + id;

		String page = pages.get(path).body();
		assertThat(page).contains("data-version=\"2\"").contains("data-version=\"1\"").contains("Roll back to it");
		assertThat(pages.get("/models/new?name=flowers").body()).as("the new-version link's form")
			.contains("value=\"flowers\"");

		assertThat(pages.post(path + "/production", Map.of("version", "1")).status()).isEqualTo(302);
		JsonNode pinned = api.get("/api/v1/models/" + id).json();
		assertThat(pinned.get("version").asInt()).isEqualTo(1);
		assertThat(pinned.get("production_follows_newest").asBoolean()).isFalse();
		assertThat(pages.get(path).body()).contains("The endpoint now serves version 1.").contains("follow-newest");
		pages.post(path + "/production", Map.of());
		assertThat(api.get("/api/v1/models/" + id).json().get("version").asInt()).isEqualTo(2);

		pages.get(path);
		pages.post(path + "/details", Map.of("name", "petals", "description", "iris, renamed"));
		JsonNode renamed = api.get("/api/v1/models/" + id).json();
		assertThat(renamed.get("name").asString()).isEqualTo("petals");
		assertThat(renamed.get("description").asString()).isEqualTo("iris, renamed");
		assertThat(renamed.get("endpoint_url").asString()).isEqualTo(first.get("endpoint_url").asString());
		pages.get(path);
		pages.post(path + "/details", Map.of("name", " ", "description", "blank name"));
		assertThat(pages.get(path).body()).contains("id=\"manage-error\"").contains("Not saved");
		assertThat(api.get("/api/v1/models/" + id).json().get("name").asString()).isEqualTo("petals");

		String friendName = "friend_" + Long.toHexString(System.nanoTime());
		PageClient.signedUp(this.port, friendName);
		ApiClient friend = login(friendName);
		pages.get(path);
		pages.post(path + "/shares", Map.of("email", friendName + "@example.com", "permission", "view"));
		assertThat(friend.get("/api/v1/models/" + id).status()).isEqualTo(200);
		String friendId = friend.get("/api/v1/auth/me").json().get("id").asString();
		assertThat(pages.get(path).body()).contains(friendName + "@example.com");
		pages.post(path + "/shares/" + friendId, Map.of("permission", "use"));
		assertThat(api.get("/api/v1/models/" + id + "/shares").json().get(0).get("permission").asString())
			.isEqualTo("use");
		String nobody = "nobody_" + System.nanoTime() + "@example.com";
		pages.get(path);
		pages.post(path + "/shares", Map.of("email", nobody, "permission", "view"));
		assertThat(pages.get(path).body()).as("an unknown address is answered as a known one")
			.contains("If " + nobody + " belongs to a user, they may now view this model");
		pages.get(path);
		pages.post(path + "/shares", Map.of("email", name + "@example.com", "permission", "view"));
		assertThat(pages.get(path).body()).as("the owner's own address").contains("Not shared");
		pages.get(path);
		pages.post(path + "/shares/" + friendId + "/revoke", Map.of());
		assertThat(friend.get("/api/v1/models/" + id).status()).as("revoked at once").isEqualTo(404);
	}

	@Test
	void viewersSeeVersionsButChangeNothingAndStrangersSeeNothing() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib", "viewed");
		upload(owner, "sklearn/iris_rf.joblib", "viewed");
		String path = "/models/" + model.get("id").asString();
		String viewerName = "viewer_" + Long.toHexString(System.nanoTime());
		PageClient viewer = PageClient.signedUp(this.port, viewerName);
		owner.post("/api/v1/models/" + model.get("id").asString() + "/shares",
				Map.of("email", viewerName + "@example.com", "permission", "view"));

		String page = viewer.get(path).body();
		assertThat(page).contains("data-version=\"2\"")
			.doesNotContain("manage-heading")
			.doesNotContain("sharing-heading")
			.doesNotContain("Roll back to it");
		assertThat(viewer.post(path + "/production", Map.of("version", "1")).status()).isEqualTo(403);
		viewer.get(path);
		assertThat(viewer.post(path + "/details", Map.of("name", "mine now", "description", "x")).status())
			.isEqualTo(403);
		viewer.get(path);
		assertThat(viewer.post(path + "/shares", Map.of("email", "x@example.com", "permission", "edit")).status())
			.isEqualTo(403);

		PageClient stranger = PageClient.signedUp(this.port, "stranger_" + Long.toHexString(System.nanoTime()));
		stranger.get("/models");
		assertThat(stranger.post(path + "/details", Map.of("name", "taken", "description", "x")).status())
			.isEqualTo(404);
		JsonNode unchanged = owner.get("/api/v1/models/" + model.get("id").asString()).json();
		assertThat(unchanged.get("name").asString()).isEqualTo("viewed");
		assertThat(unchanged.get("version").asInt()).isEqualTo(2);
	}

	@Test
	void deactivatesOnlyWhenConfirmedAndActivatesWithOneClick() {
		String name = "switch_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		String id = upload(api, "sklearn/iris_rf.joblib", "switched").get("id").asString();
		String path = "/models/" + id;
		assertThat(pages.get(path).body()).contains("Deactivate…")
			.contains("id=\"confirm-deactivate\"")
			.contains("name=\"confirm\" value=\"yes\"");

		// a form posted without the confirmation changes nothing
		PageClient.Page unconfirmed = pages.post(path + "/status", Map.of("status", "inactive"));
		assertThat(unconfirmed.status()).isEqualTo(302);
		assertThat(unconfirmed.location()).endsWith(path + "/deactivate");
		assertThat(api.get("/api/v1/models/" + id).json().get("status").asString()).isEqualTo("active");
		PageClient.Page confirmation = pages.get(path + "/deactivate");
		assertThat(confirmation.status()).isEqualTo(200);
		assertThat(confirmation.body()).contains("Deactivate switched?").contains("every call gets 403");

		PageClient.Page confirmed = pages.post(path + "/status", Map.of("status", "inactive", "confirm", "yes"));
		assertThat(confirmed.status()).isEqualTo(302);
		assertThat(confirmed.location()).endsWith(path);
		assertThat(api.get("/api/v1/models/" + id).json().get("status").asString()).isEqualTo("inactive");
		assertThat(pages.get(path).body()).contains("id=\"status-button\">Activate<");
		pages.post(path + "/status", Map.of("status", "active"));
		assertThat(api.get("/api/v1/models/" + id).json().get("status").asString()).isEqualTo("active");

		String viewerName = "onlooker_" + Long.toHexString(System.nanoTime());
		PageClient viewer = PageClient.signedUp(this.port, viewerName);
		api.post("/api/v1/models/" + id + "/shares",
				Map.of("email", viewerName + "@example.com", "permission", "view"));
		assertThat(viewer.get(path + "/deactivate").status()).isEqualTo(403);
		assertThat(viewer.post(path + "/status", Map.of("status", "inactive")).status()).isEqualTo(403);
		PageClient stranger = PageClient.signedUp(this.port, "outsider_" + Long.toHexString(System.nanoTime()));
		assertThat(stranger.get(path + "/deactivate").status()).isEqualTo(404);
	}

	@Test
	void showsAnIncompatibleVersionAndPromotesItOnlyWhenAskedTwice() {
		String name = "gate_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		String id = upload(api, "sklearn/iris_rf.joblib", "flowers").get("id").asString();
		upload(api, "sklearn/diabetes_gbr.joblib", "flowers");
		String path = "/models/" + id;
		String page = pages.get(path).body();
		assertThat(page).contains("incompatible")
			.contains("the task changes from classification to regression")
			.contains("Promote anyway")
			.contains("name=\"force\"");

		// a page opened before the version came would post without force
		assertThat(pages.post(path + "/production", Map.of("version", "2")).status()).isEqualTo(302);
		assertThat(api.get("/api/v1/models/" + id).json().get("version").asInt()).isEqualTo(1);
		assertThat(pages.get(path).body()).contains("id=\"versions-error\"").contains("Not moved: version 2");
		assertThat(pages.post(path + "/production", Map.of("version", "2", "force", "true")).status()).isEqualTo(302);
		assertThat(api.get("/api/v1/models/" + id).json().get("version").asInt()).isEqualTo(2);
	}

	private ApiClient login(String name) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		return anonymous().withToken(login.json().get("access_token").asString());
	}

}
