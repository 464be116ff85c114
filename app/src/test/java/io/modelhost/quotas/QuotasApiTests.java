package io.modelhost.quotas;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class QuotasApiTests extends HttpTests {

	@Test
	void answers429WithRetryAfterOnceAKeysQuotaIsSpent() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String secret = user.post("/api/v1/api-keys", Map.of("name", "tight", "requests_per_minute", 3))
			.json()
			.get("key")
			.asString();
		ApiClient tight = anonymous().withApiKey(secret);
		var row = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));
		for (int i = 0; i < 3; i++) {
			ApiClient.Response ok = tight.post(predictPath(model), row);
			assertThat(ok.status()).isEqualTo(200);
			assertThat(ok.header("RateLimit-Policy")).contains("\"key\";q=3;w=60").contains("\"user\";q=12000;w=60");
			assertThat(ok.header("RateLimit")).isEqualTo("\"key\";r=" + (2 - i) + ";t=" + (20 * (i + 1)));
		}
		ApiClient.Response refused = tight.post(predictPath(model), row);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/quota-exceeded");
		assertThat(refused.json().get("policy").asString()).isEqualTo("key");
		assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 20);
		assertThat(refused.header("RateLimit")).startsWith("\"key\";r=0;");

		// the same user's other credentials have their own key quota
		assertThat(apiKeyClient(user).post(predictPath(model), row).status()).isEqualTo(200);
		assertThat(user.post(predictPath(model), row).status()).isEqualTo(200);
	}

	@Test
	void reportsTheQuotaOnManagementCallsToo() {
		ApiClient user = newUser();
		ApiClient.Response models = user.get("/api/v1/models");
		assertThat(models.header("RateLimit-Policy")).isEqualTo("\"user\";q=12000;w=60");
		assertThat(models.header("RateLimit")).startsWith("\"user\";r=");
		ApiClient.Response key = user.post("/api/v1/api-keys", Map.of("name", "k", "requests_per_minute", 0));
		assertThat(key.status()).isEqualTo(400);
	}

}
