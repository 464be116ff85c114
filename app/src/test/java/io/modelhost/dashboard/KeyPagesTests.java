package io.modelhost.dashboard;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API keys page over real HTTP, without JavaScript: creating a key limited to a model
 * with an expiry, regenerating and revoking it, and what the keys then do at the
 * prediction endpoints.
 */
class KeyPagesTests extends HttpTests {

	private static final Pattern SECRET = Pattern.compile("id=\"new-key\">(mh_[A-Za-z0-9_-]+)<");

	private static final Map<String, Object> ROW = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

	@Test
	void createsAScopedExpiringKeyThenRegeneratesAndRevokesIt() {
		String name = "keys_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		JsonNode forest = upload(api, "sklearn/iris_rf.joblib");
		JsonNode other = upload(api, "sklearn/iris_logreg_pipeline.pkl");
		assertThat(pages.get("/keys").body()).contains("No keys yet");

		PageClient.Page created = pages.post("/keys",
				Map.of("name", "billing service", "days", "7", "model", forest.get("id").asString()));
		assertThat(created.status()).as("Post/Redirect/Get: " + created).isEqualTo(302);
		assertThat(created.location()).endsWith("/keys");
		PageClient.Page shown = pages.get("/keys");
		assertThat(shown.body()).contains("shown this once");
		String key = secret(shown);
		ApiClient app = anonymous().withApiKey(key);
		assertThat(app.post(predictPath(forest), ROW).status()).isEqualTo(200);
		assertThat(app.post(predictPath(other), ROW).status()).as("out of the key's scope").isEqualTo(403);

		JsonNode listed = api.get("/api/v1/api-keys").json().get(0);
		assertThat(listed.get("name").asString()).isEqualTo("billing service");
		assertThat(listed.get("model_ids").get(0).asString()).isEqualTo(forest.get("id").asString());
		assertThat(listed.get("expires_at").isNull()).isFalse();
		String page = pages.get("/keys").body();
		assertThat(page).contains("billing service").contains(forest.get("name").asString()).contains("active");

		String keyId = listed.get("id").asString();
		PageClient.Page regenerated = pages.post("/keys/" + keyId + "/regenerate", Map.of("confirm", "yes"));
		assertThat(regenerated.status()).isEqualTo(302);
		String newKey = secret(pages.get("/keys"));
		assertThat(newKey).isNotEqualTo(key);
		assertThat(app.post(predictPath(forest), ROW).status()).as("the old secret").isEqualTo(401);
		ApiClient regeneratedApp = anonymous().withApiKey(newKey);
		assertThat(regeneratedApp.post(predictPath(forest), ROW).status()).isEqualTo(200);

		pages.get("/keys");
		PageClient.Page revoked = pages.post("/keys/" + keyId + "/revoke", Map.of("confirm", "yes"));
		assertThat(revoked.status()).isEqualTo(302);
		assertThat(regeneratedApp.post(predictPath(forest), ROW).status()).isEqualTo(401);
		assertThat(pages.get("/keys").body()).contains("Revoked “billing service”").contains("revoked");
	}

	@Test
	void regeneratingAndRevokingTakeAConfirmationAndReloadingRepeatsNothing() {
		String name = "confirm_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		pages.get("/keys");
		pages.post("/keys", Map.of("name", "billing"));
		String key = secret(pages.get("/keys"));
		String reloaded = pages.get("/keys").body();
		assertThat(reloaded).as("shown once").doesNotContain(key).doesNotContain("id=\"new-key\"").contains("billing");
		ApiClient app = anonymous().withApiKey(key);
		String keyId = login(name).get("/api/v1/api-keys").json().get(0).get("id").asString();

		// the list holds the confirming buttons behind a disclosure
		assertThat(reloaded).contains("Regenerate…")
			.contains("action=\"/keys/" + keyId + "/regenerate\"")
			.contains("name=\"confirm\" value=\"yes\"");

		// posted without the confirmation: nothing changes, the confirmation page is next
		for (String action : List.of("regenerate", "revoke")) {
			PageClient.Page unconfirmed = pages.post("/keys/" + keyId + "/" + action, Map.of());
			assertThat(unconfirmed.status()).as(action).isEqualTo(302);
			assertThat(unconfirmed.location()).endsWith("/keys/" + keyId + "/" + action);
			PageClient.Page confirmation = pages.get("/keys/" + keyId + "/" + action);
			assertThat(confirmation.status()).isEqualTo(200);
			assertThat(confirmation.body()).contains("“billing”?")
				.contains("401")
				.contains("id=\"confirm-button\"")
				.contains("action=\"/keys/" + keyId + "/" + action + "\"");
			assertThat(app.get("/api/v1/models").status()).as("the key still authenticates after " + action)
				.isNotEqualTo(401);
		}

		// confirmed: regenerated once; reloading the page after shows the list, not a
		// new secret
		assertThat(pages.post("/keys/" + keyId + "/regenerate", Map.of("confirm", "yes")).location()).endsWith("/keys");
		String regenerated = secret(pages.get("/keys"));
		assertThat(regenerated).isNotEqualTo(key);
		String again = pages.get("/keys").body();
		assertThat(again).doesNotContain(regenerated).doesNotContain("id=\"new-key\"");
		ApiClient regeneratedApp = anonymous().withApiKey(regenerated);
		assertThat(regeneratedApp.get("/api/v1/models").status()).as("not rotated again by the reloads")
			.isNotEqualTo(401);
		assertThat(app.get("/api/v1/models").status()).isEqualTo(401);
	}

	@Test
	void exportAsApiShowsItsKeyOnceAfterARedirect() {
		String name = "export_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		JsonNode forest = upload(api, "sklearn/iris_rf.joblib");
		String path = "/models/" + forest.get("id").asString();
		pages.get(path);
		PageClient.Page exported = pages.post(path + "/export", Map.of());
		assertThat(exported.status()).as("Post/Redirect/Get").isEqualTo(302);
		assertThat(exported.location()).endsWith(path + "/exported");
		PageClient.Page shown = pages.get(path + "/exported");
		Matcher key = Pattern.compile("id=\"export-key\">(mh_[A-Za-z0-9_-]+)<").matcher(shown.body());
		assertThat(key.find()).as(shown.toString()).isTrue();
		assertThat(anonymous().withApiKey(key.group(1)).post(predictPath(forest), ROW).status()).isEqualTo(200);
		PageClient.Page reloaded = pages.get(path + "/exported");
		assertThat(reloaded.status()).as("reloaded: back to the model, no second key").isEqualTo(302);
		assertThat(reloaded.location()).endsWith(path);
		assertThat(api.get("/api/v1/api-keys").json().size()).isEqualTo(1);
	}

	@Test
	void refusesBadInputAndOthersKeysAndCreatesNothing() {
		String name = "badkeys_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		ApiClient stranger = newUser();
		JsonNode strangersModel = upload(stranger, "sklearn/iris_rf.joblib");
		pages.get("/keys");

		for (Map<String, String> bad : List.of(Map.of("name", " "), Map.of("name", "k", "days", "0"),
				Map.of("name", "k", "days", "soon"),
				Map.of("name", "k", "model", strangersModel.get("id").asString()))) {
			PageClient.Page refused = pages.post("/keys", bad);
			assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
			assertThat(refused.body()).contains("id=\"key-error\"");
		}
		assertThat(api.get("/api/v1/api-keys").json().size()).isZero();

		String strangersKey = stranger.post("/api/v1/api-keys", Map.of("name", "theirs")).json().get("id").asString();
		for (String action : List.of("revoke", "regenerate")) {
			assertThat(pages.post("/keys/" + strangersKey + "/" + action, Map.of("confirm", "yes")).status())
				.isEqualTo(404);
			assertThat(pages.post("/keys/" + strangersKey + "/" + action, Map.of()).status()).isEqualTo(404);
			assertThat(pages.get("/keys/" + strangersKey + "/" + action).status()).isEqualTo(404);
		}
		assertThat(stranger.get("/api/v1/api-keys/" + strangersKey).json().has("revoked_at")).as("still live")
			.isFalse();
		assertThat(pages.postWithoutCsrf("/keys", Map.of("name", "no token")).status()).isEqualTo(403);
		assertThat(new PageClient(this.port).get("/keys").status()).as("signed out").isEqualTo(302);
	}

	private ApiClient login(String name) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		return anonymous().withToken(login.json().get("access_token").asString());
	}

	private static String secret(PageClient.Page page) {
		Matcher matcher = SECRET.matcher(page.body());
		assertThat(matcher.find()).as(page.body()).isTrue();
		return matcher.group(1);
	}

}
