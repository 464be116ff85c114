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

class ApiKeyOptionsApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApiKeys apiKeys;

	@Test
	void limitsAScopedKeyToItsModels() {
		ApiClient user = newUser();
		JsonNode allowed = upload(user, "sklearn/iris_rf.joblib");
		JsonNode other = upload(user, "sklearn/iris_rf.joblib", "another model");
		JsonNode key = user
			.post("/api/v1/api-keys", Map.of("name", "one model", "model_ids", List.of(allowed.get("id").asString())))
			.json();
		assertThat(key.get("model_ids")).extracting(JsonNode::asString).containsExactly(allowed.get("id").asString());
		ApiClient scoped = anonymous().withApiKey(key.get("key").asString());
		assertThat(scoped.post(predictPath(allowed), ROW).status()).isEqualTo(200);
		ApiClient.Response refused = scoped.post(predictPath(other), ROW);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("type").asString()).endsWith("/model-out-of-scope");
		assertThat(scoped.get("/api/v1/models/" + other.get("id").asString() + "/docs").status()).isEqualTo(403);
		assertThat(user.post(predictPath(other), ROW).status()).as("the owner's token is not scoped").isEqualTo(200);
	}

	@Test
	void stopsAnExpiredKey() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		JsonNode key = user
			.post("/api/v1/api-keys", Map.of("name", "short-lived", "expires_at", "2099-01-01T00:00:00Z"))
			.json();
		assertThat(key.get("expires_at").asString()).startsWith("2099-01-01");
		assertThat(user.post("/api/v1/api-keys", Map.of("name", "past", "expires_at", "2001-01-01T00:00:00Z")).status())
			.isEqualTo(400);
		this.jdbc
			.sql("UPDATE api_key SET expires_at = TIMESTAMP WITH TIME ZONE '2001-01-01 00:00:00+00' WHERE id = :id")
			.param("id", key.get("id").asString())
			.update();
		assertThat(anonymous().withApiKey(key.get("key").asString()).post(predictPath(model), ROW).status())
			.isEqualTo(401);
		assertThat(user.get("/api/v1/api-keys/" + key.get("id").asString()).json().get("active").asBoolean()).isFalse();
	}

	@Test
	void regeneratingAKeyStopsItsOldSecretAtOnce() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		JsonNode key = user.post("/api/v1/api-keys", Map.of("name", "rotated")).json();
		ApiClient old = anonymous().withApiKey(key.get("key").asString());
		assertThat(old.post(predictPath(model), ROW).status()).isEqualTo(200);
		ApiClient.Response regenerated = user.post("/api/v1/api-keys/" + key.get("id").asString() + "/regenerate",
				Map.of());
		assertThat(regenerated.status()).isEqualTo(201);
		assertThat(regenerated.json().get("id").asString()).isEqualTo(key.get("id").asString());
		assertThat(old.post(predictPath(model), ROW).status()).isEqualTo(401);
		assertThat(
				anonymous().withApiKey(regenerated.json().get("key").asString()).post(predictPath(model), ROW).status())
			.isEqualTo(200);
		assertThat(newUser().post("/api/v1/api-keys/" + key.get("id").asString() + "/regenerate", Map.of()).status())
			.isEqualTo(404);
	}

	@Test
	void recordsWhenAKeyWasLastUsed() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		JsonNode key = user.post("/api/v1/api-keys", Map.of("name", "used")).json();
		String path = "/api/v1/api-keys/" + key.get("id").asString();
		assertThat(user.get(path).json().has("last_used_at")).isFalse();
		anonymous().withApiKey(key.get("key").asString()).post(predictPath(model), ROW);
		this.apiKeys.writeLastUsed();
		assertThat(user.get(path).json().get("last_used_at").asString()).isNotBlank();
	}

}
