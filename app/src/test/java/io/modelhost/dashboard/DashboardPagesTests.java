package io.modelhost.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's pages over real HTTP, as a browser without JavaScript sees them: who
 * may see what, the session login beside the API's tokens, and CSRF on every page POST.
 */
class DashboardPagesTests extends HttpTests {

	@Test
	void pagesRedirectToTheLoginPageWithoutASession() {
		var client = new PageClient(this.port);
		for (String path : List.of("/models", "/models/new", "/models/00000000-0000-0000-0000-000000000000",
				"/datasets", "/datasets/00000000-0000-0000-0000-000000000000",
				"/training/00000000-0000-0000-0000-000000000000")) {
			PageClient.Page page = client.get(path);
			assertThat(page.status()).as(path).isEqualTo(302);
			assertThat(page.location()).as(path).endsWith("/login");
		}
		assertThat(client.get("/login").status()).isEqualTo(200);
		assertThat(client.get("/signup").status()).isEqualTo(200);
		// the root is the landing page for visitors; the first-run setup is closed here
		// (an
		// administrator exists)
		PageClient.Page landing = client.get("/");
		assertThat(landing.status()).isEqualTo(200);
		assertThat(landing.body()).contains("href=\"/login\"")
			.contains("href=\"/signup\"")
			.doesNotContain("id=\"landing-setup\"");
		assertThat(client.get("/setup").status()).isEqualTo(409);
		assertThat(
				client
					.post("/setup",
							Map.of("username", "usurper", "email", "usurper@example.com", "password",
									"usurper password"))
					.status())
			.isEqualTo(409);
	}

	@Test
	void signsUpSignsOutAndSignsInWithAFormAndTheSameUsersAsTheApi() {
		String name = uniqueName("pages");
		PageClient client = PageClient.signedUp(this.port, name);
		PageClient.Page models = client.get("/models");
		assertThat(models.status()).isEqualTo(200);
		assertThat(models.body()).contains("No models yet").contains(name);
		assertThat(client.post("/logout", Map.of()).location()).endsWith("/login?logout");
		assertThat(client.get("/models").status()).isEqualTo(302);

		client.get("/login");
		assertThat(client.post("/login", Map.of("username", name, "password", "wrong password")).location())
			.endsWith("/login?error");
		client.get("/login");
		// back to the page asked for before signing in
		assertThat(client.post("/login", Map.of("username", name, "password", "correct horse battery")).location())
			.contains("/models");
		assertThat(client.get("/models").status()).isEqualTo(200);
		// the same user and password log in to the API
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		assertThat(login.status()).isEqualTo(200);
	}

	@Test
	void theFormLoginSharesTheApisThrottle() {
		String name = uniqueName("throttled");
		PageClient.signedUp(this.port, name);
		var client = new PageClient(this.port);
		for (int i = 0; i < 5; i++) {
			client.get("/login");
			assertThat(client.post("/login", Map.of("username", name, "password", "wrong " + i)).location())
				.endsWith("/login?error");
		}
		client.get("/login");
		String refused = client.post("/login", Map.of("username", name, "password", "correct horse battery"))
			.location();
		assertThat(refused).contains("/login?throttled=");
		assertThat(client.get(refused.replaceFirst("^https?://[^/]+", "")).body()).contains("Too many failed sign-ins");
		assertThat(anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
			.status()).as("the API's login counts the same failures").isEqualTo(429);
	}

	@Test
	void signUpAnswersATakenUsernameAndATakenEmailAlike() {
		String name = uniqueName("taken");
		PageClient.signedUp(this.port, name);
		var client = new PageClient(this.port);
		String sameEmail = signUp(client, name + "x", name + "@example.com");
		String sameName = signUp(client, name, "fresh" + name + "@example.com");
		assertThat(sameEmail).contains("This username or email address cannot be used for a new account");
		assertThat(sameName).contains("This username or email address cannot be used for a new account");
		assertThat(sameEmail).doesNotContain("exists already").doesNotContain("is taken");
	}

	private static String signUp(PageClient client, String username, String email) {
		client.get("/signup");
		PageClient.Page page = client.post("/signup",
				Map.of("username", username, "email", email, "password", "correct horse battery"));
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		return page.body();
	}

	@Test
	void changingThePasswordEndsTheUsersSessions() {
		String name = uniqueName("changed");
		PageClient client = PageClient.signedUp(this.port, name);
		assertThat(client.get("/models").status()).isEqualTo(200);
		ApiClient api = anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
		assertThat(api
			.post("/api/v1/auth/password",
					Map.of("current_password", "correct horse battery", "new_password", "a brand new passphrase"))
			.status()).isEqualTo(200);
		PageClient.Page after = client.get("/models");
		assertThat(after.status()).isEqualTo(302);
		assertThat(after.location()).endsWith("/login");
		client.get("/login");
		assertThat(client.post("/login", Map.of("username", name, "password", "a brand new passphrase")).location())
			.contains("/models");
		assertThat(client.get("/models").status()).as("a session signed in after the change lives").isEqualTo(200);
	}

	@Test
	void aDisabledUsersSessionEndsOnTheirNextRequest() {
		String name = uniqueName("disabled");
		PageClient client = PageClient.signedUp(this.port, name);
		assertThat(client.get("/models").status()).isEqualTo(200);
		String id = anonymous()
			.withToken(anonymous()
				.post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
				.json()
				.get("access_token")
				.asString())
			.get("/api/v1/auth/me")
			.json()
			.get("id")
			.asString();
		assertThat(admin().patch("/api/v1/admin/users/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
		PageClient.Page after = client.get("/models");
		assertThat(after.status()).isEqualTo(302);
		assertThat(after.location()).endsWith("/login");
		client.get("/login");
		assertThat(client.post("/login", Map.of("username", name, "password", "correct horse battery")).location())
			.endsWith("/login?error");
	}

	@Test
	void theSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
		var response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/signup")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(response.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=")
				.containsIgnoringCase("HttpOnly")
				.containsIgnoringCase("SameSite=Lax"));
	}

	@Test
	void theApiIgnoresTheSessionAndKeepsItsTokens() {
		PageClient client = PageClient.signedUp(this.port, uniqueName("session"));
		PageClient.Page api = client.get("/api/v1/models", "Accept", "application/json");
		assertThat(api.status()).isEqualTo(401);
		assertThat(api.contentType()).startsWith("application/problem+json");
		assertThat(anonymous().get("/swagger-ui.html").status()).isEqualTo(302);
		assertThat(anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
		assertThat(anonymous().get("/v3/api-docs").json().get("paths").propertyNames()).as("the pages are no API")
			.isNotEmpty()
			.allSatisfy((path) -> assertThat(path).doesNotStartWith("/models").doesNotStartWith("/signup"));
	}

	@Test
	void refusesPagePostsWithoutTheCsrfToken() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib", "csrf");
		String id = model.get("id").asString();
		String name = uniqueName("csrf");
		var client = new PageClient(this.port);
		client.get("/signup");
		assertThat(
				client
					.postWithoutCsrf("/signup",
							Map.of("username", name, "email", name + "@example.com", "password",
									"correct horse battery"))
					.status())
			.isEqualTo(403);
		assertThat(anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "x")).status())
			.as("no account was created")
			.isEqualTo(401);

		PageClient signedIn = PageClient.signedUp(this.port, name);
		PageClient.Page upload = signedIn.get("/models/new");
		assertThat(upload.status()).isEqualTo(200);
		for (String path : List.of("/models/" + id + "/status", "/models/" + id + "/delete",
				"/models/" + id + "/export", "/models/" + id + "/console", "/datasets",
				"/datasets/00000000-0000-0000-0000-000000000000/train",
				"/datasets/00000000-0000-0000-0000-000000000000/train-images",
				"/datasets/00000000-0000-0000-0000-000000000000/delete",
				"/training/00000000-0000-0000-0000-000000000000/cancel", "/logout")) {
			PageClient.Page refused = signedIn.postWithoutCsrf(path, Map.of("status", "inactive"));
			assertThat(refused.status()).as(path).isEqualTo(403);
			assertThat(refused.body()).as(path).contains("This form is out of date");
		}
		assertThat(signedIn.get("/models").status()).as("still signed in").isEqualTo(200);
		assertThat(owner.get("/api/v1/models/" + id).json().get("status").asString()).isEqualTo("active");
	}

	@Test
	void aUserCannotSeeOrActOnAnotherUsersModelThroughThePages() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib", "private");
		String id = model.get("id").asString();
		PageClient stranger = PageClient.signedUp(this.port, uniqueName("stranger"));
		assertThat(stranger.get("/models").body()).doesNotContain(id).doesNotContain("private");
		assertThat(stranger.get("/models/" + id).status()).isEqualTo(404);
		assertThat(stranger.get("/models/" + id + "/delete").status()).isEqualTo(404);
		stranger.get("/models");
		Map<String, Map<String, String>> posts = Map.of("/status", Map.of("status", "inactive"), "/delete",
				Map.of("confirmName", "private"), "/export", Map.of(), "/console",
				Map.of("mode", "json", "raw", "{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}"));
		posts.forEach((suffix, fields) -> {
			PageClient.Page page = stranger.post("/models/" + id + suffix, fields);
			assertThat(page.status()).as(suffix + " " + page).isEqualTo(404);
			assertThat(page.contentType()).startsWith("text/html");
			assertThat(page.body()).contains("Model not found").doesNotContain("mh_");
		});
		JsonNode after = owner.get("/api/v1/models/" + id).json();
		assertThat(after.get("status").asString()).isEqualTo("active");
		assertThat(owner.get("/api/v1/api-keys").json()).isEmpty();
	}

	@Test
	void explainsWhyAnUploadWasRefusedBesideTheForm() {
		PageClient client = PageClient.signedUp(this.port, uniqueName("refused"));
		client.get("/models/new");
		PageClient.Page unsafe = client.upload("/models/new", Fixtures.model("malicious/os_system.pkl"),
				Map.of("name", "evil", "description", "runs a command"));
		assertThat(unsafe.status()).isEqualTo(200);
		assertThat(unsafe.body()).contains("The model was not uploaded")
			.contains("Unsafe model file")
			.contains("posix.system");
		PageClient.Page wrongFormat = client.upload("/models/new", Fixtures.root().resolve("README.md"),
				Map.of("name", "text", "description", "not a model"));
		assertThat(wrongFormat.body()).contains("Wrong format");
		PageClient.Page noDescription = client.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"),
				Map.of("name", "iris", "description", " "));
		assertThat(noDescription.body()).contains("Say what the model does.");
		assertThat(client.get("/models").body()).contains("No models yet");
		PageClient.Page uploaded = client.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"),
				Map.of("name", "iris", "description", "flowers"));
		assertThat(uploaded.status()).isEqualTo(302);
		assertThat(uploaded.location()).containsPattern("/models/[0-9a-f-]{36}$");
		PageClient.Page detail = client.get(uploaded.location().replaceFirst("^https?://[^/]+", ""));
		assertThat(detail.body()).contains("Your endpoint is live").contains("/predict").contains("active");
	}

	@Test
	void theTestConsoleWorksWithoutJavaScript() {
		PageClient client = PageClient.signedUp(this.port, uniqueName("console"));
		client.get("/models/new");
		String detail = client
			.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"), Map.of("name", "iris", "description", "x"))
			.location()
			.replaceFirst("^https?://[^/]+", "");
		client.get(detail);
		PageClient.Page fromFields = client.post(detail + "/console",
				Map.of("mode", "form", "f.x1", "6.3", "f.x2", "3.3", "f.x3", "6.0", "f.x4", "2.5"));
		assertThat(fromFields.status()).isEqualTo(200);
		assertThat(fromFields.body()).contains("id=\"console-status\">200<")
			.contains("&quot;predictions&quot; : [ 2 ]");
		PageClient.Page wrong = client.post(detail + "/console",
				Map.of("mode", "json", "raw", "{\"inputs\": [[1, 2]]}"));
		assertThat(wrong.body()).contains("id=\"console-status\">400<").contains("The input does not fit the model");
		PageClient.Page broken = client.post(detail + "/console", Map.of("mode", "json", "raw", "{not json"));
		assertThat(broken.body()).contains("id=\"console-status\">400<").contains("not valid JSON");
	}

	@Test
	void unknownAddressesAnswerBrowsersWithAPageAndApiClientsWithAProblem() {
		PageClient signedIn = PageClient.signedUp(this.port, uniqueName("lost"));
		assertThat(new PageClient(this.port).get("/models/nothing-here").status()).as("signed out: sign in first")
			.isEqualTo(302);
		Map<PageClient, List<String>> cases = Map.of(new PageClient(this.port), List.of("/no-such-page"), signedIn,
				List.of("/no-such-page", "/models/" + java.util.UUID.randomUUID() + "/nothing-here"));
		for (var browsing : cases.entrySet()) {
			for (String path : browsing.getValue()) {
				PageClient.Page page = browsing.getKey().get(path);
				assertThat(page.status()).as(path).isEqualTo(404);
				assertThat(page.contentType()).as(path).startsWith("text/html");
				assertThat(page.body()).as(path).contains("<h1>Page not found</h1>").contains("href=\"/models\"");
			}
		}
		var client = new PageClient(this.port);
		for (String accept : List.of("application/json", "*/*")) {
			PageClient.Page problem = client.get("/no-such-page", "Accept", accept);
			assertThat(problem.status()).as(accept).isEqualTo(404);
			assertThat(problem.contentType()).as(accept).startsWith("application/problem+json");
		}
		String name = uniqueName("lostapi");
		PageClient.signedUp(this.port, name);
		String token = anonymous()
			.post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
			.json()
			.get("access_token")
			.asString();
		PageClient.Page api = client.get("/api/v1/no-such-thing",
				Map.of("Accept", "text/html", "Authorization", "Bearer " + token));
		assertThat(api.status()).isEqualTo(404);
		assertThat(api.contentType()).as("the API's paths answer problems, also to browsers")
			.startsWith("application/problem+json");
	}

	private static String uniqueName(String prefix) {
		return prefix + "_" + Long.toHexString(System.nanoTime());
	}

}
