package io.modelhost.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.modelhost.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What disabling, demoting and deleting a user does to their credentials at once, and the
 * administrators the platform never loses.
 */
class AdminUserAccessApiTests extends AdminTests {

	private static final String USERS = "/api/v1/admin/users";

	/** Answers 404 to a working API key, 401 to a refused one. */
	private static final String MISSING_DOCS = "/api/v1/models/00000000-0000-0000-0000-000000000000/docs";

	@Autowired
	UserAdministration administration;

	@Autowired
	JdbcClient jdbc;

	@Test
	void disablingAUserStopsTheirTokensKeysRefreshTokensAndLoginAtOnce() {
		ApiClient admin = admin();
		JsonNode user = createUser(admin, "user");
		String name = user.get("username").asString();
		String path = USERS + "/" + user.get("id").asString();
		JsonNode tokens = tokens(name).json();
		ApiClient token = anonymous().withToken(tokens.get("access_token").asString());
		ApiClient key = apiKeyClient(token);
		assertThat(token.get("/api/v1/auth/me").status()).isEqualTo(200);
		assertThat(key.get(MISSING_DOCS).status()).isEqualTo(404);

		assertThat(admin.patch(path, Map.of("enabled", false)).status()).isEqualTo(200);
		assertThat(token.get("/api/v1/auth/me").status()).as("the access token").isEqualTo(401);
		assertThat(key.get(MISSING_DOCS).status()).as("the API key").isEqualTo(401);
		assertThat(refresh(tokens).status()).as("the refresh token").isEqualTo(401);
		ApiClient.Response login = tokens(name);
		assertThat(login.status()).isEqualTo(401);
		ApiClient.Response unknown = anonymous().post("/api/v1/auth/login",
				Map.of("username", "nobody" + System.nanoTime(), "password", PASSWORD));
		assertThat(withoutRequestId(login.json())).as("like a wrong password")
			.isEqualTo(withoutRequestId(unknown.json()));

		assertThat(admin.patch(path, Map.of("enabled", true)).json().get("enabled").asBoolean()).isTrue();
		JsonNode again = tokens(name).json();
		assertThat(anonymous().withToken(again.get("access_token").asString()).get("/api/v1/auth/me").status())
			.isEqualTo(200);
		assertThat(refresh(tokens).status()).as("the old refresh token stays revoked").isEqualTo(401);
		assertThat(refresh(again).status()).isEqualTo(200);
	}

	@Test
	void demotingAnAdministratorEndsTheirLoginsAtOnce() {
		ApiClient admin = admin();
		JsonNode other = createUser(admin, "admin");
		String path = USERS + "/" + other.get("id").asString();
		ApiClient token = login(other.get("username").asString());
		assertThat(token.get(USERS).status()).isEqualTo(200);

		// demotion raises their credential version: the token they hold is over
		assertThat(admin.patch(path, Map.of("role", "user")).status()).isEqualTo(200);
		assertThat(token.get(USERS).status()).isEqualTo(401);
		assertThat(token.get("/api/v1/auth/me").status()).isEqualTo(401);
		ApiClient again = login(other.get("username").asString());
		assertThat(again.get("/api/v1/auth/me").status()).as("still a user").isEqualTo(200);
		assertThat(again.get(USERS).status()).isEqualTo(403);

		assertThat(admin.patch(path, Map.of("role", "admin")).status()).isEqualTo(200);
		assertThat(again.get(USERS).status()).as("promotion leaves logins alone").isEqualTo(200);
		assertThat(token.get(USERS).status()).as("an ended login stays ended").isEqualTo(401);
		assertThat(admin.delete(path).status()).isEqualTo(204);
	}

	@Test
	void administratorsCannotDisableDemoteOrDeleteThemselves() {
		ApiClient admin = admin();
		// another enabled administrator, so that only the rule about oneself applies
		JsonNode other = createUser(admin, "admin");
		String self = USERS + "/" + idOf(admin);
		for (ApiClient.Response refused : List.of(admin.patch(self, Map.of("enabled", false)),
				admin.patch(self, Map.of("role", "user")), admin.delete(self))) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("type").asString()).endsWith("/own-account");
		}
		assertThat(admin.patch(self, Map.of("enabled", true, "role", "admin")).status()).as("no change is fine")
			.isEqualTo(200);
		assertThat(admin.get(USERS).status()).isEqualTo(200);
		assertThat(admin.delete(USERS + "/" + other.get("id").asString()).status()).isEqualTo(204);
	}

	@Test
	void neverDisablesDemotesOrDeletesTheLastEnabledAdministrator() {
		JsonNode last = createUser(admin(), "admin");
		String lastId = last.get("id").asString();
		String path = USERS + "/" + lastId;
		ApiClient token = login(last.get("username").asString());
		List<String> others = enabledAdminsBut(token, lastId);
		try {
			for (String other : others) {
				assertThat(token.patch(USERS + "/" + other, Map.of("enabled", false)).status()).isEqualTo(200);
			}
			for (ApiClient.Response refused : List.of(token.patch(path, Map.of("enabled", false)),
					token.patch(path, Map.of("role", "user")), token.delete(path))) {
				assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
				assertThat(refused.json().get("type").asString()).endsWith("/last-admin");
			}
			// an actor whose administration rights another replica took away a moment ago
			UserId stale = new UserId(idOf(newUser()));
			UserId target = new UserId(lastId);
			assertThatExceptionOfType(LastAdminException.class)
				.isThrownBy(() -> this.administration.update(stale, target, false, null));
			assertThatExceptionOfType(LastAdminException.class)
				.isThrownBy(() -> this.administration.update(stale, target, null, Role.USER));
			assertThatExceptionOfType(LastAdminException.class)
				.isThrownBy(() -> this.administration.delete(stale, target));
			assertThat(token.get(path).json().get("enabled").asBoolean()).isTrue();
		}
		finally {
			for (String other : others) {
				token.patch(USERS + "/" + other, Map.of("enabled", true));
			}
		}
		assertThat(admin().delete(path).status()).isEqualTo(204);
	}

	@Test
	void deletingAUserEndsEverythingTheyHadAndFreesTheirName() {
		ApiClient admin = admin();
		JsonNode user = createUser(admin, "user");
		String id = user.get("id").asString();
		String name = user.get("username").asString();
		JsonNode tokens = tokens(name).json();
		ApiClient token = anonymous().withToken(tokens.get("access_token").asString());
		ApiClient key = apiKeyClient(token);
		assertThat(key.get(MISSING_DOCS).status()).isEqualTo(404);
		String usage = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO usage_record (id, request_id, model_id, model_version, user_id, protocol, status, outcome,
				    rows_count, latency_micros, queue_micros, batch_size, created_at)
				VALUES (:id, 'r', :id, 1, :user, 'native', 200, 'success', 1, 1, 0, 1, CURRENT_TIMESTAMP)""")
			.param("id", usage)
			.param("user", id)
			.update();

		assertThat(admin.delete(USERS + "/" + id).status()).isEqualTo(204);
		assertThat(admin.get(USERS + "/" + id).status()).isEqualTo(404);
		assertThat(admin.delete(USERS + "/" + id).status()).isEqualTo(404);
		assertThat(token.get("/api/v1/auth/me").status()).isEqualTo(401);
		assertThat(key.get(MISSING_DOCS).status()).isEqualTo(401);
		assertThat(tokens(name).status()).isEqualTo(401);
		assertThat(refresh(tokens).status()).isEqualTo(401);
		assertThat(count("SELECT COUNT(*) FROM api_key WHERE user_id = :id", id)).isZero();
		assertThat(count("SELECT COUNT(*) FROM refresh_token WHERE user_id = :id", id)).isZero();
		assertThat(count("SELECT COUNT(*) FROM usage_record WHERE user_id = :id", id)).as("usage is kept").isEqualTo(1);

		ApiClient.Response again = anonymous().post("/api/v1/auth/register",
				Map.of("username", name, "email", name + "@example.com", "password", PASSWORD));
		assertThat(again.status()).as("the name and email are free").isEqualTo(201);
		assertThat(again.json().get("id").asString()).isNotEqualTo(id);

		UserId adminId = new UserId(idOf(admin));
		List<Object> events = events();
		int deleting = events.indexOf(new UserDeleting(new UserId(id)));
		int deleted = events
			.indexOf(new ActionTaken(adminId, null, "user.delete", "user", id, Map.of("username", name)));
		assertThat(deleting).as("UserDeleting is published").isNotNegative();
		assertThat(deleted).as("then the action").isGreaterThan(deleting);
	}

	/** The enabled administrators other than one, as an administrator lists them. */
	private static List<String> enabledAdminsBut(ApiClient admin, String except) {
		var ids = new ArrayList<String>();
		for (int page = 0;; page++) {
			JsonNode items = admin.get(USERS + "?role=admin&size=100&page=" + page).json().get("items");
			if (items.isEmpty()) {
				return ids;
			}
			for (JsonNode item : items) {
				if (item.get("enabled").asBoolean() && !item.get("id").asString().equals(except)) {
					ids.add(item.get("id").asString());
				}
			}
		}
	}

	private long count(String sql, String id) {
		return this.jdbc.sql(sql).param("id", id).query(Long.class).single();
	}

	private ApiClient.Response refresh(JsonNode tokens) {
		return anonymous().post("/api/v1/auth/refresh",
				Map.of("refresh_token", tokens.get("refresh_token").asString()));
	}

	private static JsonNode withoutRequestId(JsonNode problem) {
		ObjectNode copy = (ObjectNode) problem.deepCopy();
		copy.remove("requestId");
		return copy;
	}

}
