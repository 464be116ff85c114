package io.modelhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelhost.engine.testkit.Fixtures;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the tests that drive the whole application over real HTTP, on a real embedded
 * database and real model files. Every subclass shares one application (same properties),
 * with its own data directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.registry.max-upload-size=2MB", "modelhost.serving.max-rows=100",
				"modelhost.serving.max-request-size=256KB",
				// the tests register many users from one address
				"modelhost.quotas.anonymous-requests=100000", "modelhost.accounts.admin.username=admin",
				"modelhost.accounts.admin.email=admin@example.com",
				"modelhost.accounts.admin.password=" + HttpTests.ADMIN_PASSWORD,
				"modelhost.accounts.scrape-token=" + HttpTests.SCRAPE_TOKEN,
				// webhook tests deliver to a receiver on loopback, and retry quickly
				"modelhost.webhooks.allow-private-addresses=true", "modelhost.webhooks.retry-delay=300ms",
				"modelhost.webhooks.poll-interval=100ms",
				// below the registry's, so that the datasets' own limit answers
				"modelhost.datasets.max-upload-size=1MB",
				// JSON log lines, as on the postgres profile and in the image
				// (RequestLogTests reads them)
				"logging.structured.format.console=ecs" })
public abstract class HttpTests {

	/** One data directory per test JVM: the application's database and model files. */
	protected static final Path DATA_DIR = createDataDir();

	protected static final String ADMIN_PASSWORD = "admin password for tests";

	protected static final String SCRAPE_TOKEN = "scrape token for the tests";

	private static final AtomicInteger USERS = new AtomicInteger();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("modelhost.data-dir", DATA_DIR::toString);
		// CI installs bubblewrap: there a TorchScript worker that cannot be sandboxed
		// must fail the tests
		if ("1".equals(System.getenv("MODELHOST_REQUIRE_SERVICES"))) {
			registry.add("modelhost.runtime.worker.sandbox", () -> "bwrap");
		}
	}

	private static Path createDataDir() {
		try {
			Path dir = Files.createTempDirectory("modelhost-test-");
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected ApiClient anonymous() {
		return ApiClient.anonymous(this.port);
	}

	/** Registers a new user and returns a client logged in as them. */
	protected ApiClient newUser() {
		String name = "user" + USERS.incrementAndGet() + "_" + Long.toHexString(System.nanoTime());
		ApiClient.Response registered = anonymous().post("/api/v1/auth/register",
				Map.of("username", name, "email", name + "@example.com", "password", "correct horse battery"));
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return anonymous().withToken(login.json().get("access_token").asString());
	}

	/** A client logged in as the administrator the tests configure. */
	protected ApiClient admin() {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", "admin", "password", ADMIN_PASSWORD));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return anonymous().withToken(login.json().get("access_token").asString());
	}

	/**
	 * Uploads a fixture model named after the fixture and returns the model's JSON: a new
	 * model, or a new version of the user's model of that name.
	 */
	protected JsonNode upload(ApiClient client, String fixture) {
		return upload(client, fixture, fixture);
	}

	/** Uploads a fixture model under a name and returns the model's JSON. */
	protected JsonNode upload(ApiClient client, String fixture, String name) {
		ApiClient.Response response = client.upload("/api/v1/models", Fixtures.model(fixture), null,
				Map.of("name", name, "description", "fixture " + fixture));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	/** The path of a model's prediction endpoint. */
	protected static String predictPath(JsonNode model) {
		return "/api/v1/models/" + model.get("id").asString() + "/predict";
	}

	/** Creates an API key for the client's user and returns a client that uses it. */
	protected ApiClient apiKeyClient(ApiClient user) {
		ApiClient.Response key = user.post("/api/v1/api-keys", Map.of("name", "test"));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return anonymous().withApiKey(key.json().get("key").asString());
	}

}
