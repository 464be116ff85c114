package io.modelhost.dashboard;

import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account page (what a user keeps against their limits) and the administrators'
 * limits page of a user, over real HTTP without JavaScript; the upload forms say when a
 * limit refused an upload.
 */
class AccountPagesTests extends HttpTests {

	@Test
	void administratorsSetLimitsThatTheUserSeesAndTheUploadFormsApply() {
		String name = "limited_" + Long.toHexString(System.nanoTime());
		PageClient user = PageClient.signedUp(this.port, name);
		PageClient.Page account = user.get("/account");
		assertThat(account.status()).isEqualTo(200);
		assertThat(account.body()).contains(name + "@example.com").contains("no limit");
		assertThat(user.get("/models").body()).contains("href=\"/account\"");
		String id = login(name).get("/api/v1/auth/me").json().get("id").asString();
		assertThat(user.get("/admin/users/" + id + "/limits").status()).as("administrators only").isEqualTo(403);

		PageClient admin = adminPages();
		assertThat(admin.get("/admin/users?q=" + name).body()).contains("/admin/users/" + id + "/limits");
		admin.get("/admin/users/" + id + "/limits");
		PageClient.Page saved = admin.post("/admin/users/" + id + "/limits",
				Map.of("max_models", "1", "max_stored_bytes", "100KB"));
		assertThat(saved.status()).isEqualTo(302);
		String limits = admin.get("/admin/users/" + id + "/limits").body();
		assertThat(limits).contains("Limits saved").contains("value=\"1\"").contains("value=\"100KB\"");
		admin.post("/admin/users/" + id + "/limits", Map.of("max_models", "many", "max_stored_bytes", ""));
		assertThat(admin.get("/admin/users/" + id + "/limits").body()).contains("id=\"admin-error\"")
			.contains("Not saved");
		assertThat(admin().get("/api/v1/admin/users/" + id + "/limits").json().get("limits").get("max_models").asLong())
			.isEqualTo(1);

		account = user.get("/account");
		assertThat(account.body()).contains("<span>0</span> of <span>1</span>").contains("of <span>100 KB</span>");

		user.get("/models/new");
		PageClient.Page tooBig = user.upload("/models/new", Fixtures.model("sklearn/diabetes_gbr.joblib"),
				Map.of("name", "big", "description", "over 100 KB"));
		assertThat(tooBig.body()).contains("would pass your storage limit of 100 KB")
			.contains("Nothing of it was kept");
		PageClient.Page first = user.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"),
				Map.of("name", "iris", "description", "fits"));
		assertThat(first.status()).as(first.toString()).isEqualTo(302);
		user.get("/models/new");
		PageClient.Page second = user.upload("/models/new", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"),
				Map.of("name", "another", "description", "one model too many"));
		assertThat(second.body()).contains("as many as you may (1)");
		assertThat(user.get("/account").body()).contains("<span>1</span> of <span>1</span>");

		user.get("/datasets");
		PageClient.Page dataset = user.upload("/datasets", Fixtures.root().resolve("datasets/diabetes.csv"),
				Map.of("name", "diabetes"));
		assertThat(dataset.status()).isEqualTo(413);
		assertThat(dataset.body()).contains("would pass your storage limit");
	}

	@Test
	void theAccountPageNeedsASignIn() {
		assertThat(new PageClient(this.port).get("/account").status()).isEqualTo(302);
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
