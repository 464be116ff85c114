package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the dashboard, the JSON API's answers (success, problem, refusal by the
 * security filters, the container's error page), the inference protocols, static files
 * and Swagger UI carry the browser security headers, with the policy of their kind.
 * {@link TemplateHygieneTests} keeps the templates within the dashboard's policy;
 * {@code DashboardJourneyTests} checks in a real browser that nothing is refused.
 */
class SecurityHeadersTests extends HttpTests {

	private static final String SITE = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	private static final String API = "default-src 'none'; base-uri 'none'; form-action 'none'; "
			+ "frame-ancestors 'none'";

	@Test
	void everyDashboardPageCarriesTheSitePolicy() {
		String name = "headers_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		JsonNode model = upload(api, "sklearn/iris_rf.joblib", "headed");
		String modelId = model.get("id").asString();
		ApiClient.Response dataset = api.upload("/api/v1/datasets", Fixtures.root().resolve("datasets/iris.csv"), null,
				Map.of("name", "iris", "description", "irises"));
		assertThat(dataset.status()).as(dataset.toString()).isEqualTo(201);
		ApiClient.Response webhook = api.post("/api/v1/webhooks",
				Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("model.created")));
		assertThat(webhook.status()).as(webhook.toString()).isEqualTo(201);

		List<String> paths = new ArrayList<>(List.of("/models", "/models/new", "/models/" + modelId,
				"/models/" + modelId + "/monitoring", "/models/" + modelId + "/delete", "/monitoring", "/keys",
				"/webhooks", "/webhooks/" + webhook.json().get("webhook").get("id").asString(), "/datasets",
				"/datasets/" + dataset.json().get("id").asString(), "/no-such-page"));
		for (String path : paths) {
			PageClient.Page page = pages.get(path);
			if (!path.equals("/no-such-page")) {
				assertThat(page.status()).as(path).isEqualTo(200);
				assertThat(page.contentType()).as(path).startsWith("text/html");
			}
			assertHeaders(path, page, SITE);
		}
		PageClient anonymous = new PageClient(this.port);
		for (String path : List.of("/login", "/signup", "/css/dashboard.css", "/js/dashboard.js",
				"/webjars/htmx.org/dist/htmx.min.js")) {
			PageClient.Page page = anonymous.get(path);
			assertThat(page.status()).as(path).isEqualTo(200);
			assertHeaders(path, page, SITE);
		}
		PageClient admin = new PageClient(this.port);
		admin.get("/login");
		assertThat(admin.post("/login", Map.of("username", "admin", "password", ADMIN_PASSWORD)).status())
			.isEqualTo(302);
		for (String path : List.of("/admin/users", "/admin/models", "/admin/health")) {
			PageClient.Page page = admin.get(path);
			assertThat(page.status()).as(path).isEqualTo(200);
			assertHeaders(path, page, SITE);
		}
	}

	@Test
	void apiAnswersCarryAPolicyThatLoadsNothing() {
		String name = "apiheaders_" + Long.toHexString(System.nanoTime());
		PageClient.signedUp(this.port, name);
		String token = "Bearer " + token(name);
		var client = new PageClient(this.port);

		PageClient.Page models = client.get("/api/v1/models", "Authorization", token);
		assertThat(models.status()).isEqualTo(200);
		assertHeaders("models", models, API);
		PageClient.Page unknown = client.get("/api/v1/no-such-thing", "Authorization", token);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertHeaders("unknown path", unknown, API);
		PageClient.Page refused = client.get("/api/v1/models", "Accept", "application/json");
		assertThat(refused.status()).isEqualTo(401);
		assertHeaders("no token", refused, API);
		assertHeaders("oip", client.get("/v2/health/ready", "Accept", "application/json"), API);
		assertHeaders("openapi", client.get("/v3/api-docs", "Accept", "application/json"), API);
	}

	@Test
	void swaggerUiGetsItsOwnPolicyWithInlineStylesButNoInlineScripts() {
		var client = new PageClient(this.port);
		PageClient.Page page = client.get("/swagger-ui/index.html");
		assertThat(page.status()).isEqualTo(200);
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("script-src 'self';")
			.contains("style-src 'self' 'unsafe-inline'")
			.contains("frame-ancestors 'none'");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		// the page itself runs nothing inline: every script is a file
		assertThat(page.body()).containsPattern("<script[^>]+src=")
			.doesNotContainPattern("<script(\\s[^>]*)?>\\s*[^<\\s]");
	}

	private static void assertHeaders(String what, PageClient.Page page, String policy) {
		assertThat(page.headers().allValues("Content-Security-Policy")).as(what).containsExactly(policy);
		assertThat(page.headers().allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
		assertThat(page.headers().allValues("Referrer-Policy")).as(what).containsExactly("no-referrer");
		assertThat(page.headers().allValues("X-Frame-Options")).as(what).containsExactly("DENY");
	}

	private ApiClient login(String name) {
		return anonymous().withToken(token(name));
	}

	private String token(String name) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return login.json().get("access_token").asString();
	}

}
