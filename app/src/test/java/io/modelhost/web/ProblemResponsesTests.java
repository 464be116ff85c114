package io.modelhost.web;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTests extends HttpTests {

	@Test
	void answersAnUnknownApiPathWithAProblem() {
		ApiClient.Response response = newUser().get("/api/v1/no-such-thing");
		assertThat(response.status()).isEqualTo(404);
		assertProblem(response, "/api/v1/no-such-thing");
	}

	@Test
	void answersAnUnauthenticatedRequestWithAProblem() {
		ApiClient.Response response = anonymous().get("/api/v1/models");
		assertThat(response.status()).isEqualTo(401);
		assertProblem(response, "/api/v1/models");
	}

	@Test
	void answersAnUnknownPathOutsideTheApiWithAProblem() {
		ApiClient.Response response = anonymous().get("/no/such/page");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void answersAWrongMethodWithAProblem() {
		ApiClient.Response response = newUser().delete("/api/v1/auth/me");
		assertThat(response.status()).isEqualTo(405);
		assertProblem(response, "/api/v1/auth/me");
	}

	@Test
	void keepsActuatorDetailsPrivate() {
		assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
		assertThat(anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(anonymous().get("/actuator/prometheus").status()).isIn(401, 403);
		assertThat(anonymous().get("/actuator/env").status()).isIn(401, 403, 404);
	}

	@Test
	void echoesASensibleRequestIdAndReplacesAnInsaneOne() {
		ApiClient.Response echoed = anonymous().with("X-Request-Id", "trace-123").get("/api/v1/models");
		assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-123");
		assertThat(echoed.json().get("requestId").asString()).isEqualTo("trace-123");
		ApiClient.Response replaced = anonymous().with("X-Request-Id", "<script>").get("/api/v1/models");
		assertThat(replaced.header("X-Request-Id")).isNotEqualTo("<script>").hasSize(36);
	}

	private static void assertProblem(ApiClient.Response response, String instance) {
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).startsWith(Problems.TYPE_BASE);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("status").asInt()).isEqualTo(response.status());
		assertThat(problem.get("instance").asString()).isEqualTo(instance);
		assertThat(problem.get("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("/tmp/");
	}

}
