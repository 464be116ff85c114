package io.modelhost.dashboard;

import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docs URL a model's page shows, opened over real HTTP: a signed-in browser is sent
 * to the docs as a page, a signed-in session asking for JSON gets the JSON, API keys work
 * as before, and nobody else reads them.
 */
class DocsPagesTests extends HttpTests {

	@Test
	void aSignedInBrowserReadsTheDocsOfItsModelAsAPage() {
		String name = "docs_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		JsonNode model = upload(api, "sklearn/iris_rf.joblib", "petals");
		String id = model.get("id").asString();
		String docsUrl = "/api/v1/models/" + id + "/docs";
		assertThat(browser.get("/models/" + id).body()).as("the model's page shows the Docs URL").contains(docsUrl);

		PageClient.Page opened = browser.get(docsUrl);
		assertThat(opened.status()).as(opened.toString()).isEqualTo(303);
		assertThat(opened.location()).endsWith("/models/" + id + "/docs");
		PageClient.Page page = browser.get("/models/" + id + "/docs");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
			.as("the dashboard's policy: its stylesheet loads")
			.contains("style-src 'self'");
		assertThat(page.body()).contains("petals: endpoint documentation")
			.contains("/api/v1/models/" + id + "/predict")
			.contains("id=\"docs-inputs\"")
			.contains("id=\"docs-example-request\"")
			.contains("X-API-Key")
			.contains("id=\"snippet-curl\"");

		PageClient.Page json = browser.get(docsUrl, "Accept", "application/json");
		assertThat(json.status()).as("the session reads the JSON too").isEqualTo(200);
		assertThat(json.contentType()).startsWith("application/json");
		assertThat(JsonMapper.builder().build().readTree(json.body()).get("model_id").asString()).isEqualTo(id);

		ApiClient withKey = apiKeyClient(api);
		assertThat(withKey.get(docsUrl).status()).as("an API key reads them as before").isEqualTo(200);
		PageClient.Page keyAsBrowser = new PageClient(this.port).get(docsUrl,
				Map.of("Accept", "text/html,*/*;q=0.8", "X-API-Key", apiKey(api)));
		assertThat(keyAsBrowser.status()).isEqualTo(200);
		assertThat(keyAsBrowser.contentType()).as("an API key gets the JSON").startsWith("application/json");
	}

	@Test
	void nobodyElseReadsThem() {
		ApiClient owner = newUser();
		String id = upload(owner, "sklearn/iris_rf.joblib", "private").get("id").asString();
		String docsUrl = "/api/v1/models/" + id + "/docs";

		PageClient anonymous = new PageClient(this.port);
		anonymous.get("/login");
		PageClient.Page refused = anonymous.get(docsUrl);
		assertThat(refused.status()).as("with a session cookie but signed out").isEqualTo(401);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		PageClient.Page noCookie = new PageClient(this.port).get(docsUrl);
		assertThat(noCookie.status()).isEqualTo(401);
		assertThat(noCookie.contentType()).startsWith("application/problem+json");
		assertThat(new PageClient(this.port).get("/models/" + id + "/docs").status()).as("to sign-in").isEqualTo(302);

		PageClient stranger = PageClient.signedUp(this.port, "nosy_" + Long.toHexString(System.nanoTime()));
		assertThat(stranger.get(docsUrl).status()).isEqualTo(404);
		assertThat(stranger.get(docsUrl, "Accept", "application/json").status()).isEqualTo(404);
		assertThat(stranger.get("/models/" + id + "/docs").status()).isEqualTo(404);

		String viewerName = "reader_" + Long.toHexString(System.nanoTime());
		PageClient viewer = PageClient.signedUp(this.port, viewerName);
		owner.post("/api/v1/models/" + id + "/shares",
				Map.of("email", viewerName + "@example.com", "permission", "view"));
		assertThat(viewer.get(docsUrl).status()).as("shared with them: they see it").isEqualTo(303);
		assertThat(viewer.get("/models/" + id + "/docs").body()).contains("private: endpoint documentation");
	}

	private ApiClient login(String name) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		return anonymous().withToken(login.json().get("access_token").asString());
	}

	private static String apiKey(ApiClient user) {
		return user.post("/api/v1/api-keys", Map.of("name", "docs")).json().get("key").asString();
	}

}
