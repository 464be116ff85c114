package io.modelhost.dashboard;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account page over real HTTP: changing the password (refusals beside the form, other
 * sessions and tokens ended, this browser still signed in), signing out everywhere, the
 * user's keys listed; keys renamed from the keys page and the API; Export as API naming
 * its key.
 */
class AccountSettingsPagesTests extends HttpTests {

	private static final String PASSWORD = "correct horse battery";

	private static final Map<String, Object> ROW = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

	@Test
	void changingThePasswordEndsOtherSessionsAndTokensButKeepsThisBrowser() {
		String name = "pw_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		PageClient other = signedIn(name, PASSWORD);
		ApiClient token = login(name, PASSWORD);
		JsonNode model = upload(token, "sklearn/iris_rf.joblib", "kept");
		ApiClient key = apiKeyClient(token);

		String page = browser.get("/account").body();
		assertThat(page).contains("id=\"password\"")
			.contains("id=\"sessions\"")
			.contains("id=\"own-keys\"")
			.contains(">test<")
			.contains("href=\"/keys\"");

		PageClient.Page wrong = browser.post("/account/password", Map.of("current", "not my password", "password",
				"a brand new password", "confirm", "a brand new password"));
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.body()).contains("id=\"password-error\"").contains("Your current password is not right");
		browser.get("/account");
		PageClient.Page differ = browser.post("/account/password",
				Map.of("current", PASSWORD, "password", "a brand new password", "confirm", "another new password"));
		assertThat(differ.status()).isEqualTo(400);
		assertThat(differ.body()).contains("differ");
		browser.get("/account");
		assertThat(
				browser.post("/account/password", Map.of("current", PASSWORD, "password", "short", "confirm", "short"))
					.body())
			.contains("8 to 128 characters");
		assertThat(token.get("/api/v1/auth/me").status()).as("nothing changed yet").isEqualTo(200);

		browser.get("/account");
		PageClient.Page changed = browser.post("/account/password",
				Map.of("current", PASSWORD, "password", "a brand new password", "confirm", "a brand new password"));
		assertThat(changed.status()).isEqualTo(302);
		assertThat(changed.location()).endsWith("/account");
		PageClient.Page after = browser.get("/account");
		assertThat(after.status()).as("this browser stays signed in").isEqualTo(200);
		assertThat(after.body()).contains("Password changed");
		assertThat(other.get("/models").status()).as("another browser is signed out").isEqualTo(302);
		assertThat(token.get("/api/v1/auth/me").status()).as("older tokens end").isEqualTo(401);
		assertThat(key.post(predictPath(model), ROW).status()).as("API keys keep working").isEqualTo(200);
		assertThat(anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD)).status())
			.isEqualTo(401);
		assertThat(login(name, "a brand new password").get("/api/v1/auth/me").status()).isEqualTo(200);
	}

	@Test
	void theAccountPageListsTheUsersBrowsersAndSignsOneOut() {
		String name = "sessions_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		PageClient other = signedIn(name, PASSWORD);
		PageClient stranger = PageClient.signedUp(this.port, "stranger_" + Long.toHexString(System.nanoTime()));

		String page = browser.get("/account").body();
		// two browsers, this one marked; none of the stranger's
		assertThat(page.split("data-session=\"", -1)).hasSize(3);
		assertThat(page).contains("this browser").contains("Sign it out");
		java.util.regex.Matcher handle = java.util.regex.Pattern
			.compile("action=\"/account/sessions/([0-9a-f]{16})/end\"")
			.matcher(page);
		assertThat(handle.find()).isTrue();
		assertThat(page).as("no session id on the page").doesNotContain(other.sessionId());

		// a stranger cannot end it
		stranger.get("/account");
		assertThat(stranger.post("/account/sessions/" + handle.group(1) + "/end", Map.of()).status()).isEqualTo(302);
		assertThat(stranger.get("/account").body()).contains("already ended");
		assertThat(other.get("/account").status()).isEqualTo(200);

		PageClient.Page ended = browser.post("/account/sessions/" + handle.group(1) + "/end", Map.of());
		assertThat(ended.status()).isEqualTo(302);
		assertThat(browser.get("/account").body()).contains("Signed out that browser");
		// the other browser is asked to sign in again; this one is not
		PageClient.Page signedOut = other.get("/account");
		assertThat(signedOut.status()).isEqualTo(302);
		assertThat(signedOut.location()).endsWith("/login");
		assertThat(browser.get("/account").status()).isEqualTo(200);
	}

	@Test
	void signingOutEverywhereEndsEverySessionAndTokenButNoKey() {
		String name = "everywhere_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		PageClient other = signedIn(name, PASSWORD);
		ApiClient token = login(name, PASSWORD);
		JsonNode model = upload(token, "sklearn/iris_rf.joblib", "kept");
		ApiClient key = apiKeyClient(token);

		browser.get("/account");
		PageClient.Page unconfirmed = browser.post("/account/sign-out-everywhere", Map.of());
		assertThat(unconfirmed.location()).endsWith("/account#sessions");
		assertThat(other.get("/models").status()).as("nothing ended").isEqualTo(200);
		assertThat(token.get("/api/v1/auth/me").status()).isEqualTo(200);

		browser.get("/account");
		PageClient.Page done = browser.post("/account/sign-out-everywhere", Map.of("confirm", "yes"));
		assertThat(done.location()).endsWith("/login?everywhere");
		assertThat(browser.get("/login?everywhere").body()).contains("id=\"signed-out-everywhere\"");
		assertThat(browser.get("/models").status()).isEqualTo(302);
		assertThat(other.get("/models").status()).isEqualTo(302);
		assertThat(token.get("/api/v1/auth/me").status()).isEqualTo(401);
		assertThat(key.post(predictPath(model), ROW).status()).isEqualTo(200);
		assertThat(signedIn(name, PASSWORD).get("/models").status()).as("signing in again works").isEqualTo(200);

		PageClient signedOut = new PageClient(this.port);
		signedOut.get("/login");
		assertThat(signedOut.post("/account/sign-out-everywhere", Map.of("confirm", "yes")).location())
			.endsWith("/login");
	}

	@Test
	void keysAreRenamedOnTheKeysPageAndThroughTheApi() {
		String name = "renamer_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		ApiClient api = login(name, PASSWORD);
		String id = api.post("/api/v1/api-keys", Map.of("name", "first name")).json().get("id").asString();

		browser.get("/keys");
		PageClient.Page renamed = browser.post("/keys/" + id + "/name", Map.of("name", "  billing service "));
		assertThat(renamed.location()).endsWith("/keys");
		assertThat(browser.get("/keys").body()).contains("Renamed “first name” to “billing service”")
			.contains("class=\"key-name\">billing service<");
		assertThat(api.get("/api/v1/api-keys/" + id).json().get("name").asString()).isEqualTo("billing service");

		PageClient.Page blank = browser.post("/keys/" + id + "/name", Map.of("name", "  "));
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.body()).contains("id=\"rename-error\"");
		assertThat(api.get("/api/v1/api-keys/" + id).json().get("name").asString()).isEqualTo("billing service");

		ApiClient.Response patched = api.patch("/api/v1/api-keys/" + id, Map.of("name", "renamed by API"));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("name").asString()).isEqualTo("renamed by API");
		assertThat(api.patch("/api/v1/api-keys/" + id, Map.of("name", "")).status()).isEqualTo(400);
		assertThat(api.patch("/api/v1/api-keys/" + id, Map.of("name", "x".repeat(101))).status()).isEqualTo(400);

		ApiClient stranger = newUser();
		assertThat(stranger.patch("/api/v1/api-keys/" + id, Map.of("name", "mine")).status()).isEqualTo(404);
		PageClient strangerPages = PageClient.signedUp(this.port, "keythief_" + Long.toHexString(System.nanoTime()));
		strangerPages.get("/keys");
		assertThat(strangerPages.post("/keys/" + id + "/name", Map.of("name", "mine")).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/api-keys/" + id).json().get("name").asString()).isEqualTo("renamed by API");

		api.delete("/api/v1/api-keys/" + id);
		assertThat(api.patch("/api/v1/api-keys/" + id, Map.of("name", "revived")).status()).as("revoked")
			.isEqualTo(404);
	}

	@Test
	void exportAsApiAsksForTheKeysNameAndNeverRepeatsTheProposedOne() {
		String name = "exporter_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		ApiClient api = login(name, PASSWORD);
		JsonNode model = upload(api, "sklearn/iris_rf.joblib", "flowers");
		String path = "/models/" + model.get("id").asString();
		String proposed = "flowers export " + LocalDate.now(ZoneOffset.UTC);

		assertThat(browser.get(path).body()).contains("id=\"export-name\"").contains("value=\"" + proposed + "\"");
		browser.post(path + "/export", Map.of("name", proposed));
		assertThat(browser.get(path).body()).as("the next proposal differs").contains("value=\"" + proposed + " (2)\"");
		browser.post(path + "/export", Map.of("name", ""));
		browser.get(path);
		browser.post(path + "/export", Map.of("name", "  my scoring job "));
		List<String> names = api.get("/api/v1/api-keys")
			.json()
			.valueStream()
			.map((key) -> key.get("name").asString())
			.toList();
		assertThat(names).containsExactlyInAnyOrder(proposed, proposed + " (2)", "my scoring job");
	}

	private PageClient signedIn(String name, String password) {
		var client = new PageClient(this.port);
		client.get("/login");
		PageClient.Page page = client.post("/login", Map.of("username", name, "password", password));
		assertThat(page.location()).doesNotContain("error");
		return client;
	}

	private ApiClient login(String name, String password) {
		ApiClient.Response response = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", password));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return anonymous().withToken(response.json().get("access_token").asString());
	}

}
