package io.modelhost.dashboard;

import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrators' pages over real HTTP, without JavaScript: only administrators get
 * in; users are disabled, promoted and deleted with the API's rules; every model and the
 * platform's health are shown.
 */
class AdminPagesTests extends HttpTests {

	@Test
	void onlyAdministratorsGetIn() {
		PageClient user = PageClient.signedUp(this.port, "plain_" + Long.toHexString(System.nanoTime()));
		for (String path : new String[] { "/admin", "/admin/users", "/admin/models", "/admin/health" }) {
			PageClient.Page refused = user.get(path);
			assertThat(refused.status()).as(path).isEqualTo(403);
			assertThat(refused.contentType()).as(path).startsWith("text/html");
			assertThat(refused.body()).as(path)
				.contains("<h1>Administrators only</h1>")
				.doesNotContain("session may have ended");
			assertThat(new PageClient(this.port).get(path).status()).as(path).isEqualTo(302);
		}
		user.get("/models");
		PageClient.Page posted = user.post("/admin/users/00000000-0000-0000-0000-000000000000/delete", Map.of());
		assertThat(posted.status()).isEqualTo(403);
		assertThat(posted.body()).contains("Administrators only");
		user.get("/models");
		assertThat(user.postWithoutCsrf("/admin/users/00000000-0000-0000-0000-000000000000/delete", Map.of()).body())
			.as("no CSRF token: the out-of-date form's page")
			.contains("This form is out of date");
		assertThat(user.get("/models").body()).doesNotContain("/admin/users");
		assertThat(adminPages().get("/models").body()).contains("/admin/users");
	}

	@Test
	void disablesPromotesAndDeletesUsersAndShowsModelsAndHealth() {
		String name = "managed_" + Long.toHexString(System.nanoTime());
		PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		String id = api.get("/api/v1/auth/me").json().get("id").asString();
		JsonNode model = upload(api, "sklearn/iris_rf.joblib", "admin-view");
		PageClient admin = adminPages();

		String users = admin.get("/admin/users?q=" + name).body();
		assertThat(users).contains("data-user=\"" + name + "\"").contains(name + "@example.com");
		assertThat(admin.get("/admin/models").body()).contains("data-model=\"" + model.get("id").asString() + "\"")
			.contains(name);

		admin.post("/admin/users/" + id, Map.of("enabled", "false"));
		assertThat(anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
			.status()).as("disabled").isEqualTo(401);
		admin.get("/admin/users");
		admin.post("/admin/users/" + id, Map.of("enabled", "true", "role", "admin"));
		JsonNode promoted = admin().get("/api/v1/admin/users/" + id).json();
		assertThat(promoted.get("enabled").asBoolean()).isTrue();
		assertThat(promoted.get("role").asString()).isEqualTo("admin");

		String adminId = admin().get("/api/v1/auth/me").json().get("id").asString();
		String own = admin.get("/admin/users?q=admin").body();
		assertThat(own).as("no buttons the server would refuse on one's own row")
			.doesNotContain("action=\"/admin/users/" + adminId + "\"")
			.doesNotContain("action=\"/admin/users/" + adminId + "/delete\"")
			.contains("You (not changed here)");
		admin.get("/admin/users");
		admin.post("/admin/users/" + adminId, Map.of("enabled", "false"));
		assertThat(admin.get("/admin/users").body()).contains("id=\"admin-error\"").contains("Not changed");
		assertThat(admin().get("/api/v1/auth/me").status()).as("still an enabled admin").isEqualTo(200);

		admin.post("/admin/users/" + id + "/delete", Map.of());
		assertThat(admin().get("/api/v1/admin/users/" + id).status()).isEqualTo(404);
		assertThat(admin().get("/api/v1/admin/models/" + model.get("id").asString()).status()).isEqualTo(404);
		admin.get("/admin/users");
		assertThat(admin.post("/admin/users/00000000-0000-0000-0000-000000000000/delete", Map.of()).status())
			.isEqualTo(404);

		String health = admin.get("/admin/health").body();
		assertThat(health).contains("id=\"health-status\"").contains(">UP<").contains(">db<");
		assertThat(health).containsPattern("<dt>Heap in use</dt><dd>\\d+(\\.\\d)? (B|KB|MB|GB)</dd>");
	}

	private PageClient adminPages() {
		var client = new PageClient(this.port);
		client.get("/login");
		PageClient.Page signedIn = client.post("/login", Map.of("username", "admin", "password", ADMIN_PASSWORD));
		assertThat(signedIn.status()).isEqualTo(302);
		return client;
	}

	private ApiClient login(String name) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		return anonymous().withToken(login.json().get("access_token").asString());
	}

}
