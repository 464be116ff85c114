package io.modelhost.accounts;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrators' user API: who may use it, listing, reading, creating, changing and
 * deleting users, and the audit actions each publishes.
 */
class AdminUsersApiTests extends AdminTests {

	private static final String USERS = "/api/v1/admin/users";

	@Test
	void refusesEveryoneButAdministratorsOnEveryEndpoint() {
		ApiClient admin = admin();
		String someone = createUser(admin, "user").get("id").asString();
		ApiClient user = newUser();
		ApiClient adminsKey = apiKeyClient(admin);
		for (ApiClient refused : List.of(user, adminsKey)) {
			List<ApiClient.Response> responses = List.of(refused.get(USERS), refused.get(USERS + "/" + someone),
					refused.post(USERS, newUserBody("user")),
					refused.patch(USERS + "/" + someone, Map.of("enabled", false)),
					refused.delete(USERS + "/" + someone));
			assertThat(responses).allSatisfy((response) -> {
				assertThat(response.status()).as(response.toString()).isEqualTo(403);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().get("type").asString()).endsWith("/forbidden");
			});
		}
		assertThat(anonymous().get(USERS).status()).isEqualTo(401);
		assertThat(admin.get(USERS + "/" + someone).json().get("enabled").asBoolean())
			.as("nothing was changed by the refused calls")
			.isTrue();
	}

	@Test
	void listsAndFiltersUsersWithoutPasswordHashes() {
		ApiClient admin = admin();
		String tag = "lst" + System.nanoTime();
		JsonNode first = createUser(admin, tag + "a", "user");
		JsonNode second = createUser(admin, tag + "b", "admin");

		ApiClient.Response listed = admin.get(USERS + "?username=" + tag.toUpperCase());
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.body()).doesNotContain("password").doesNotContain("argon2");
		JsonNode page = listed.json();
		assertThat(page.get("total").asLong()).isEqualTo(2);
		assertThat(page.get("items")).extracting((u) -> u.get("username").asString())
			.containsExactly(second.get("username").asString(), first.get("username").asString());
		JsonNode item = page.get("items").get(1);
		assertThat(item.get("id").asString()).isEqualTo(first.get("id").asString());
		assertThat(item.get("email").asString()).isEqualTo(tag + "a@example.com");
		assertThat(item.get("role").asString()).isEqualTo("user");
		assertThat(item.get("enabled").asBoolean()).isTrue();
		assertThat(item.get("created_at").asString()).isNotBlank();

		JsonNode paged = admin.get(USERS + "?username=" + tag + "&page=1&size=1").json();
		assertThat(paged.get("items")).extracting((u) -> u.get("username").asString())
			.containsExactly(first.get("username").asString());
		assertThat(paged.get("page").asInt()).isEqualTo(1);
		assertThat(paged.get("size").asInt()).isEqualTo(1);
		assertThat(paged.get("total").asLong()).isEqualTo(2);
		assertThat(admin.get(USERS + "?email=" + tag + "b@").json().get("items"))
			.extracting((u) -> u.get("id").asString())
			.containsExactly(second.get("id").asString());
		assertThat(admin.get(USERS + "?username=" + tag + "&role=admin").json().get("items"))
			.extracting((u) -> u.get("id").asString())
			.containsExactly(second.get("id").asString());
		assertThat(admin.get(USERS + "?username=_%25").json().get("total").asLong())
			.as("LIKE wildcards are taken literally")
			.isZero();

		ApiClient.Response invalid = admin.get(USERS + "?size=101&role=root");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().get("type").asString()).endsWith("/invalid-request");
		assertThat(invalid.json().get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactlyInAnyOrder("/size", "/role");
	}

	@Test
	void getsOneUserAndAnswers404ForAnUnknownId() {
		ApiClient admin = admin();
		JsonNode created = createUser(admin, "user");
		ApiClient.Response one = admin.get(USERS + "/" + created.get("id").asString());
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.json()).isEqualTo(created);
		for (String unknown : List.of("00000000-0000-0000-0000-000000000000", "not-a-uuid")) {
			for (ApiClient.Response response : List.of(admin.get(USERS + "/" + unknown),
					admin.patch(USERS + "/" + unknown, Map.of("enabled", false)),
					admin.delete(USERS + "/" + unknown))) {
				assertThat(response.status()).as(response.toString()).isEqualTo(404);
				assertThat(response.json().get("type").asString()).endsWith("/user-not-found");
			}
		}
	}

	@Test
	void createsUsersValidatedLikeRegistrations() {
		ApiClient admin = admin();
		String adminId = idOf(admin);
		String name = "made" + System.nanoTime();
		ApiClient.Response created = admin.post(USERS, Map.of("username", name, "email", name + "@Example.com",
				"password", "correct horse battery", "role", "admin"));
		assertThat(created.status()).isEqualTo(201);
		JsonNode user = created.json();
		assertThat(created.header("Location")).isEqualTo(USERS + "/" + user.get("id").asString());
		assertThat(user.get("email").asString()).isEqualTo(name + "@example.com");
		assertThat(user.get("role").asString()).isEqualTo("admin");
		assertThat(user.get("enabled").asBoolean()).isTrue();
		assertThat(user.has("password")).isFalse();
		assertThat(login(name).get(USERS).status()).as("the new administrator can administer").isEqualTo(200);
		assertThat(actions()).contains(new ActionTaken(new UserId(adminId), new UserId(user.get("id").asString()),
				"user.create", "user", user.get("id").asString(), Map.of("username", name, "role", "admin")));

		assertThat(createUser(admin, "plain" + System.nanoTime(), null).get("role").asString())
			.as("the role defaults to user")
			.isEqualTo("user");
		ApiClient.Response taken = admin.post(USERS, Map.of("username", name, "email", "other" + name + "@example.com",
				"password", "correct horse battery"));
		assertThat(taken.status()).isEqualTo(409);
		assertThat(taken.json().get("type").asString()).endsWith("/account-unavailable");
		ApiClient.Response invalid = admin.post(USERS,
				Map.of("username", "x", "email", "not-an-email", "password", "short", "role", "root"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactlyInAnyOrder("/username", "/email", "/password", "/role");
	}

	@Test
	void changesEnabledAndRoleAndPublishesWhatChanged() {
		ApiClient admin = admin();
		String adminId = idOf(admin);
		JsonNode user = createUser(admin, "user");
		String id = user.get("id").asString();
		String path = USERS + "/" + id;

		ApiClient.Response promoted = admin.patch(path, Map.of("role", "admin"));
		assertThat(promoted.status()).isEqualTo(200);
		assertThat(promoted.json().get("role").asString()).isEqualTo("admin");
		ApiClient.Response disabled = admin.patch(path, Map.of("enabled", false, "role", "user"));
		assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
		assertThat(disabled.json().get("role").asString()).isEqualTo("user");
		assertThat(admin.get(path).json()).isEqualTo(disabled.json());
		assertThat(admin.patch(path, Map.of()).json()).as("nothing to change").isEqualTo(disabled.json());
		assertThat(admin.patch(path, Map.of("password", "new one")).status()).as("only enabled and role")
			.isEqualTo(400);

		String username = user.get("username").asString();
		assertThat(actionsOn(id)).containsExactly(
				new ActionTaken(new UserId(adminId), new UserId(id), "user.create", "user", id,
						Map.of("username", username, "role", "user")),
				new ActionTaken(new UserId(adminId), new UserId(id), "user.update", "user", id,
						Map.of("role", "admin", "username", username)),
				new ActionTaken(new UserId(adminId), new UserId(id), "user.update", "user", id,
						Map.of("enabled", "false", "role", "user", "username", username)));
	}

	@Test
	void disablingOrDemotingEndsTheUsersTokensForGood() {
		ApiClient admin = admin();
		JsonNode created = createUser(admin, "admin");
		String path = USERS + "/" + created.get("id").asString();
		ApiClient user = login(created.get("username").asString());
		assertThat(user.get(USERS).status()).isEqualTo(200);

		assertThat(admin.patch(path, Map.of("role", "user")).status()).isEqualTo(200);
		assertThat(admin.patch(path, Map.of("role", "admin")).status()).isEqualTo(200);
		assertThat(user.get("/api/v1/auth/me").status()).as("promoting again does not bring the token back")
			.isEqualTo(401);

		ApiClient again = login(created.get("username").asString());
		assertThat(again.get(USERS).status()).isEqualTo(200);
		assertThat(admin.patch(path, Map.of("enabled", false)).status()).isEqualTo(200);
		assertThat(admin.patch(path, Map.of("enabled", true)).status()).isEqualTo(200);
		assertThat(again.get("/api/v1/auth/me").status()).as("re-enabling does not bring the token back")
			.isEqualTo(401);
		assertThat(login(created.get("username").asString()).get("/api/v1/auth/me").status()).isEqualTo(200);
	}

	@Test
	void publishesRegistrationsAndPasswordChanges() {
		ApiClient user = newUser();
		JsonNode me = user.get("/api/v1/auth/me").json();
		String id = me.get("id").asString();
		assertThat(user
			.post("/api/v1/auth/password",
					Map.of("current_password", "correct horse battery", "new_password", "a brand new passphrase"))
			.status()).isEqualTo(200);
		UserId userId = new UserId(id);
		assertThat(actionsOn(id)).containsExactly(
				new ActionTaken(userId, userId, "user.register", "user", id,
						Map.of("username", me.get("username").asString())),
				new ActionTaken(userId, userId, "user.password_change", "user", id));
	}

	@Test
	void documentsTheAdministrationEndpoints() {
		JsonNode docs = anonymous().get("/v3/api-docs").json();
		JsonNode list = docs.get("paths").get(USERS).get("get");
		assertThat(list.get("tags")).extracting(JsonNode::asString).containsExactly("Administration");
		assertThat(list.get("parameters")).extracting((p) -> p.get("name").asString())
			.containsExactlyInAnyOrder("username", "email", "role", "page", "size");
		assertThat(docs.get("paths").get(USERS + "/{id}").propertyNames()).contains("get", "patch", "delete");
		assertThat(docs.get("components").get("schemas").get("UserResponse").get("properties").propertyNames())
			.containsExactlyInAnyOrder("id", "username", "email", "role", "enabled", "created_at");
	}

	private static Map<String, Object> newUserBody(String role) {
		String name = "body" + System.nanoTime();
		return Map.of("username", name, "email", name + "@example.com", "password", "correct horse battery", "role",
				role);
	}

}
