package io.modelhost.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.modelhost.ApiClient;
import io.modelhost.BoundsHttpTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins beyond the password-hashing cap (one at a time here, waiting 20 ms for a turn)
 * are refused with 503 and {@code Retry-After}, and the server keeps answering.
 */
class PasswordHashingLimitTests extends BoundsHttpTests {

	@Test
	void refusesLoginsPastTheHashingCapWith503AndKeepsAnswering() throws Exception {
		String name = "hasher" + Long.toHexString(System.nanoTime());
		ApiClient client = from("198.51.100.20");
		assertThat(
				client
					.post("/api/v1/auth/register",
							Map.of("username", name, "email", name + "@example.com", "password",
									"correct horse battery"))
					.status())
			.isEqualTo(201);
		var login = Map.of("username", name, "password", "correct horse battery");

		var answers = new ArrayList<ApiClient.Response>();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<ApiClient.Response>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(CompletableFuture.supplyAsync(() -> client.post("/api/v1/auth/login", login), callers));
			}
			calls.forEach((call) -> answers.add(call.join()));
		}

		assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 503).contains(200, 503);
		ApiClient.Response refused = answers.stream().filter((a) -> a.status() == 503).findFirst().orElseThrow();
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/accounts-busy");
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(from("198.51.100.21").post("/api/v1/auth/login", login).status()).isEqualTo(200);
	}

}
