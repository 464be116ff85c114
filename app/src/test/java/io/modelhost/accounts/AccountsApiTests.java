package io.modelhost.accounts;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class AccountsApiTests extends HttpTests {

	@Autowired
	JdbcClient jdbc;

	@Test
	void registersAndLogsIn() {
		String name = "grace" + System.nanoTime();
		ApiClient.Response registered = anonymous().post("/api/v1/auth/register",
				Map.of("username", name, "email", name + "@Example.com", "password", "a long passphrase"));
		assertThat(registered.status()).isEqualTo(201);
		assertThat(registered.json().get("email").asString()).isEqualTo(name + "@example.com");
		assertThat(registered.json().has("password")).isFalse();

		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "a long passphrase"));
		assertThat(login.status()).isEqualTo(200);
		JsonNode tokens = login.json();
		assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(tokens.get("expires_in").asLong()).isEqualTo(1800);
		assertThat(tokens.get("refresh_token").asString()).isNotBlank();

		JsonNode me = anonymous().withToken(tokens.get("access_token").asString()).get("/api/v1/auth/me").json();
		assertThat(me.get("username").asString()).isEqualTo(name);
		assertThat(me.get("id").asString()).isEqualTo(registered.json().get("id").asString());
	}

	@Test
	void hashesPasswordsWithArgon2idAtOwaspsMinimum() {
		String name = "hash" + System.nanoTime();
		anonymous().post("/api/v1/auth/register",
				Map.of("username", name, "email", name + "@example.com", "password", "a long passphrase"));
		String hash = this.jdbc.sql("SELECT password_hash FROM app_user WHERE username = :name")
			.param("name", name)
			.query(String.class)
			.single();
		assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(hash).doesNotContain("a long passphrase");
	}

	@Test
	void refusesTakenNamesAndBadRegistrations() {
		String name = "taken" + System.nanoTime();
		var body = Map.of("username", name, "email", name + "@example.com", "password", "a long passphrase");
		assertThat(anonymous().post("/api/v1/auth/register", body).status()).isEqualTo(201);
		ApiClient.Response sameName = anonymous().post("/api/v1/auth/register",
				Map.of("username", name, "email", "fresh" + name + "@example.com", "password", "a long passphrase"));
		ApiClient.Response sameEmail = anonymous().post("/api/v1/auth/register",
				Map.of("username", name + "x", "email", name + "@EXAMPLE.com", "password", "a long passphrase"));
		for (ApiClient.Response taken : List.of(sameName, sameEmail)) {
			assertThat(taken.status()).isEqualTo(409);
			assertThat(taken.json().get("type").asString()).endsWith("/account-unavailable");
		}
		assertThat(sameEmail.json().get("detail")).as("a taken email answers as a taken username")
			.isEqualTo(sameName.json().get("detail"));
		assertThat(sameEmail.json().get("title")).isEqualTo(sameName.json().get("title"));

		ApiClient.Response invalid = anonymous().post("/api/v1/auth/register",
				Map.of("username", "x", "email", "not-an-email", "password", "short"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.contentType()).startsWith("application/problem+json");
		assertThat(invalid.json().get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactlyInAnyOrder("/username", "/email", "/password");
	}

	@Test
	void answersAWrongPasswordAndAnUnknownUserAlike() {
		ApiClient user = newUser();
		String name = user.get("/api/v1/auth/me").json().get("username").asString();
		ApiClient.Response wrong = anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "nope"));
		ApiClient.Response unknown = anonymous().post("/api/v1/auth/login",
				Map.of("username", "nobody" + System.nanoTime(), "password", "nope"));
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(withoutRequestId(wrong.json())).isEqualTo(withoutRequestId(unknown.json()));
	}

	@Test
	void createsListsAndRevokesApiKeysShowingTheKeyOnce() {
		ApiClient user = newUser();
		ApiClient.Response created = user.post("/api/v1/api-keys", Map.of("name", "mobile app"));
		assertThat(created.status()).isEqualTo(201);
		JsonNode key = created.json();
		String secret = key.get("key").asString();
		assertThat(secret).startsWith("mh_").hasSizeGreaterThan(40);
		assertThat(secret).startsWith(key.get("prefix").asString());
		String stored = this.jdbc.sql("SELECT key_hash FROM api_key WHERE id = :id")
			.param("id", key.get("id").asString())
			.query(String.class)
			.single();
		assertThat(stored).hasSize(64).isNotEqualTo(secret);

		ApiClient.Response listed = user.get("/api/v1/api-keys");
		assertThat(listed.body()).doesNotContain(secret);
		assertThat(listed.json()).hasSize(1);
		JsonNode one = user.get("/api/v1/api-keys/" + key.get("id").asString()).json();
		assertThat(one.get("name").asString()).isEqualTo("mobile app");
		assertThat(one.get("active").asBoolean()).isTrue();
		assertThat(one.has("key")).isFalse();

		ApiClient keyed = anonymous().withApiKey(secret);
		assertThat(keyed.get("/api/v1/models/00000000-0000-0000-0000-000000000000/docs").status()).isEqualTo(404);
		assertThat(user.delete("/api/v1/api-keys/" + key.get("id").asString()).status()).isEqualTo(204);
		assertThat(keyed.get("/api/v1/models/00000000-0000-0000-0000-000000000000/docs").status()).isEqualTo(401);
		assertThat(user.get("/api/v1/api-keys/" + key.get("id").asString()).json().get("active").asBoolean()).isFalse();
	}

	@Test
	void keepsApiKeysPrivateToTheirOwner() {
		ApiClient owner = newUser();
		String id = owner.post("/api/v1/api-keys", Map.of("name", "k")).json().get("id").asString();
		ApiClient other = newUser();
		assertThat(other.get("/api/v1/api-keys/" + id).status()).isEqualTo(404);
		assertThat(other.delete("/api/v1/api-keys/" + id).status()).isEqualTo(404);
		assertThat(other.get("/api/v1/api-keys").json()).isEmpty();
		assertThat(owner.get("/api/v1/api-keys/" + id).json().get("active").asBoolean()).isTrue();
	}

	@Test
	void refusesTokensItDidNotIssue() {
		String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAifQ.";
		assertThat(anonymous().withToken(forged).get("/api/v1/auth/me").status()).isEqualTo(401);
		ApiClient user = newUser();
		assertThat(user.get("/api/v1/auth/me").status()).isEqualTo(200);
		String token = user.header("Authorization").substring("Bearer ".length());
		String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
		assertThat(anonymous().withToken(tampered).get("/api/v1/auth/me").status()).isEqualTo(401);
	}

	private static JsonNode withoutRequestId(JsonNode problem) {
		var copy = problem.deepCopy();
		((tools.jackson.databind.node.ObjectNode) copy).remove("requestId");
		return copy;
	}

}
