package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.modelhost.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh installation with no administrator configured, over real HTTP: the landing page
 * for signed-out visitors, the sign-in page explaining how to create the first
 * administrator, and the first-run setup creating exactly one even when several forms are
 * posted at once, then refusing with 409.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.accounts.registration=open", "modelhost.accounts.hashing-concurrency=8" })
class FirstRunPagesTests {

	private static final String PASSWORD = "first run password";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("modelhost-first-run-");
		dir.toFile().deleteOnExit();
		registry.add("modelhost.data-dir", dir::toString);
	}

	@Test
	void theFirstRunSetupCreatesOneAdministratorOnlyThenRefuses() throws Exception {
		var visitor = new PageClient(this.port);
		PageClient.Page landing = visitor.get("/");
		assertThat(landing.status()).isEqualTo(200);
		assertThat(landing.body()).contains("Upload a model file")
			.contains("CSV")
			.contains("href=\"/login\"")
			.contains("href=\"/signup\"")
			.contains("id=\"landing-setup\"");
		assertThat(visitor.get("/login").body()).contains("No administrator exists yet")
			.contains("modelhost.accounts.admin.username")
			.contains("href=\"/setup\"");
		assertThat(visitor.get("/setup").body()).contains("id=\"setup-form\"");
		PageClient.Page invalid = visitor.post("/setup",
				Map.of("username", "root", "email", "root@example.com", "password", "short"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("A password has 8 to 128 characters.");
		visitor.get("/setup");
		assertThat(visitor
			.post("/setup", Map.of("username", "root", "email", "root@example.com", "password", "eleven char"))
			.body()).contains("An administrator&#39;s password has at least 12 characters.");

		// several setups posted at once: one administrator
		int racers = 4;
		var clients = new ArrayList<PageClient>();
		for (int i = 0; i < racers; i++) {
			var client = new PageClient(this.port);
			assertThat(client.get("/setup").status()).isEqualTo(200);
			clients.add(client);
		}
		var start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		var answers = new ArrayList<Future<PageClient.Page>>();
		for (int i = 0; i < racers; i++) {
			PageClient client = clients.get(i);
			String name = "root" + i;
			answers.add(pool.submit(() -> {
				start.await();
				return client.post("/setup",
						Map.of("username", name, "email", name + "@example.com", "password", PASSWORD));
			}));
		}
		start.countDown();
		var created = new ArrayList<Integer>();
		var statuses = new ArrayList<Integer>();
		for (int i = 0; i < racers; i++) {
			PageClient.Page page = answers.get(i).get();
			statuses.add(page.status());
			if (page.status() == 302) {
				assertThat(page.location()).endsWith("/admin/users");
				created.add(i);
			}
		}
		pool.shutdown();
		assertThat(created).as(statuses.toString()).hasSize(1);
		assertThat(statuses).as("the others are refused").filteredOn((status) -> status != 302).containsOnly(409);
		int winner = created.getFirst();
		assertThat(clients.get(winner).get("/admin/users").status()).as("signed in as the administrator")
			.isEqualTo(200);

		ApiClient.Response login = ApiClient.anonymous(this.port)
			.post("/api/v1/auth/login", Map.of("username", "root" + winner, "password", PASSWORD));
		assertThat(login.status()).isEqualTo(200);
		ApiClient admin = ApiClient.anonymous(this.port).withToken(login.json().get("access_token").asString());
		JsonNode users = admin.get("/api/v1/admin/users?role=admin").json();
		List<String> admins = new ArrayList<>();
		for (JsonNode user : users.get("items")) {
			if ("admin".equalsIgnoreCase(user.path("role").asString(""))) {
				admins.add(user.get("username").asString());
			}
		}
		assertThat(admins).containsExactly("root" + winner);

		// closed from now on
		var late = new PageClient(this.port);
		PageClient.Page closed = late.get("/setup");
		assertThat(closed.status()).isEqualTo(409);
		assertThat(closed.body()).contains("Already set up").doesNotContain("id=\"setup-form\"");
		assertThat(late
			.post("/setup", Map.of("username", "intruder", "email", "intruder@example.com", "password", PASSWORD))
			.status()).as("no CSRF token: the form page is closed").isEqualTo(403);
		late.get("/login");
		PageClient.Page posted = late.post("/setup",
				Map.of("username", "intruder", "email", "intruder@example.com", "password", PASSWORD));
		assertThat(posted.status()).isEqualTo(409);
		assertThat(ApiClient.anonymous(this.port)
			.post("/api/v1/auth/login", Map.of("username", "intruder", "password", PASSWORD))
			.status()).isEqualTo(401);
		assertThat(late.get("/login").body()).doesNotContain("No administrator exists yet");
		assertThat(late.get("/").body()).doesNotContain("id=\"landing-setup\"");
		assertThat(clients.get(winner).get("/").location()).as("signed in: the models").endsWith("/models");
	}

}
