package io.modelhost.faults;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.ApiClient;
import io.modelhost.FileTrees;
import io.modelhost.engine.testkit.Fixtures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stops under a running server ({@code postgres} profile) and starts again on
 * the same port and data directory, as when an operator restarts it or it fails over:
 * readiness says DOWN while liveness stays UP; a model already loaded keeps answering
 * predictions for an API key already verified, past the lifetime of the cached key, owner
 * and model lookups; management calls answer 503 {@code database-unavailable} and pages a
 * plain error page; when the database is back, everything recovers without a restart and
 * the usage records buffered meanwhile are written (those beyond the buffer counted in
 * {@code modelhost.usage.lost}).
 */
class DatabaseOutageTests {

	private static final List<List<Double>> ROW = List.of(List.of(5.1, 3.5, 1.4, 0.2));

	/** Records the ledger holds in memory; small, so that the outage overflows it. */
	private static final int BUFFER = 300;

	private static final int BATCH = 100;

	private EmbeddedPostgres postgres;

	private ConfigurableApplicationContext application;

	private Path work;

	@AfterEach
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				// already stopped
			}
		}
		if (this.work != null) {
			FileTrees.deleteQuietly(this.work);
		}
	}

	@Test
	void loadedModelsServeThroughAPostgresOutageAndEverythingRecoversWithoutRestart() throws Exception {
		this.work = Files.createTempDirectory("modelhost-db-outage-");
		Path pgData = this.work.resolve("pg");
		int pgPort = Outages.freePort();
		this.postgres = Outages.postgres(pgData, pgPort);
		this.application = Outages.application(pgPort, this.work.resolve("data"),
				Map.of("modelhost.quotas.store", "local", "management.health.redis.enabled", "false",
						"management.endpoint.health.group.readiness.include", "readinessState,db",
						"modelhost.usage.buffer-capacity", Integer.toString(BUFFER), "modelhost.usage.batch-size",
						Integer.toString(BATCH)));
		int port = Outages.port(this.application);
		MeterRegistry meters = this.application.getBean(MeterRegistry.class);

		ApiClient user = ApiClient.newUser(port, "outage");
		ApiClient.Response uploaded = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "serves through an outage"));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		String model = uploaded.json().get("id").asString();
		assertThat(user
			.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
					Map.of("name", "spare", "description", "never called before the outage"))
			.status()).isEqualTo(201);
		String predict = "/api/v1/models/" + model + "/predict";
		ApiClient key = ApiClient.anonymous(port)
			.withApiKey(user.post("/api/v1/api-keys", Map.of("name", "outage")).json().get("key").asString());
		assertThat(key.post(predict, Map.of("inputs", ROW)).status()).isEqualTo(200);
		Browser browser = Browser.signedUp(port, "outage_page_" + Long.toHexString(System.nanoTime()));
		assertThat(browser.get("/models").status()).isEqualTo(200);
		assertThat(Outages.readiness(port)).isEqualTo(200);

		Load load = new Load(key, predict);
		load.start(4);
		assertThat(Outages.await("the load runs", Duration.ofSeconds(30), () -> load.served() > 50)).isNotNull();

		// the database goes away
		long stopped = System.nanoTime();
		long servedBefore = load.served();
		load.slowest();
		this.postgres.close();
		this.postgres = null;
		Duration toNotReady = Outages.await("readiness DOWN", Duration.ofSeconds(30),
				() -> Outages.readiness(port) == 503);
		assertThat(ApiClient.anonymous(port).get("/actuator/health/liveness").status()).isEqualTo(200);

		ApiClient.Response listed = user.get("/api/v1/models");
		assertThat(listed.status()).as(listed.toString()).isEqualTo(503);
		assertThat(listed.contentType()).startsWith("application/problem+json");
		assertThat(listed.json().get("type").asString()).endsWith("/database-unavailable");
		assertThat(listed.header("Retry-After")).isEqualTo("5");
		ApiClient.Response created = user.post("/api/v1/api-keys", Map.of("name", "during the outage"));
		assertThat(created.status()).as(created.toString()).isEqualTo(503);
		assertThat(created.json().get("type").asString()).endsWith("/database-unavailable");
		// a model nobody called before needs the database: the standard protocols say so
		// in their own error bodies
		ApiClient.Response spare = key.post("/v1/models/spare:predict", Map.of("instances", ROW));
		assertThat(spare.status()).as(spare.toString()).isEqualTo(503);
		assertThat(spare.json().get("error").asString()).contains("cannot reach its database");
		Browser.Page page = browser.get("/models");
		assertThat(page.status()).isEqualTo(503);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("Database unavailable").doesNotContain("Exception", "at io.modelhost");

		// past the lifetime (5 s) of the cached key, owner and model: predictions go on
		// from what is cached, without the database
		Thread.sleep(Math.max(0, Duration.ofSeconds(8).minusNanos(System.nanoTime() - stopped).toMillis()));
		long servedInOutage = load.served() - servedBefore;
		Duration slowestInOutage = load.slowest();
		assertThat(load.failures()).as("predictions that failed during the outage").isEmpty();
		assertThat(servedInOutage).isPositive();

		// the database comes back on the same port and data directory
		long restarted = System.nanoTime();
		double outageSeconds = (restarted - stopped) / 1e9;
		this.postgres = Outages.postgres(pgData, pgPort);
		Duration toReady = Outages.await("readiness UP again", Duration.ofSeconds(30),
				() -> Outages.readiness(port) == 200);
		Duration toManagement = Outages.await("management answers again", Duration.ofSeconds(30),
				() -> user.get("/api/v1/models").status() == 200);
		assertThat(browser.get("/models").status()).isEqualTo(200);
		assertThat(user.post("/api/v1/api-keys", Map.of("name", "after the outage")).status()).isEqualTo(201);
		long servedDuring = load.served() - servedBefore;
		load.stop();
		assertThat(load.failures()).as("predictions that failed").isEmpty();

		// every prediction answered is recorded, or counted as lost
		long served = load.served() + 1;
		long lost = (long) meters.counter("modelhost.usage.lost").count();
		long[] recorded = new long[1];
		Outages.await("the usage records written", Duration.ofSeconds(30), () -> {
			recorded[0] = user.get("/api/v1/models/" + model + "/stats").json().get("total_requests").asLong();
			return recorded[0] + lost == served;
		});
		System.out.printf(Locale.ROOT,
				"database outage: %.1f s; readiness DOWN after %.1f s, UP %.1f s after PostgreSQL was back, "
						+ "management 200 after %.1f s; %d predictions answered in the outage's first 8 s (all 200, "
						+ "slowest %d ms), "
						+ "%d from stop to recovery; %d usage records in all, %d recorded, %d lost "
						+ "(buffer %d + batch %d)%n",
				outageSeconds, toNotReady.toMillis() / 1e3, toReady.toMillis() / 1e3,
				(toReady.plus(toManagement)).toMillis() / 1e3, servedInOutage, slowestInOutage.toMillis(), servedDuring,
				served, recorded[0], lost, BUFFER, BATCH);
		if (servedDuring > BUFFER + BATCH) {
			assertThat(lost).as("records beyond the buffer are dropped, and counted").isPositive();
		}
		assertThat(lost).as("at most what came during the outage is lost").isLessThanOrEqualTo(servedDuring);
	}

	/** Predicting connections that count what they get. */
	private static final class Load {

		private final ApiClient key;

		private final String predict;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong served = new AtomicLong();

		/** The slowest answer since the last {@link #slowest()}, in nanoseconds. */
		private final AtomicLong slowest = new AtomicLong();

		private final Map<String, Long> failures = new ConcurrentHashMap<>();

		private final List<Thread> threads = new ArrayList<>();

		Load(ApiClient key, String predict) {
			this.key = key;
			this.predict = predict;
		}

		void start(int connections) {
			for (int i = 0; i < connections; i++) {
				this.threads.add(Thread.ofPlatform().start(() -> {
					while (this.running.get()) {
						long started = System.nanoTime();
						ApiClient.Response response = this.key.post(this.predict, Map.of("inputs", ROW));
						this.slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
						this.served.incrementAndGet();
						if (response.status() != 200) {
							this.failures.merge(response.status() + " " + response.body(), 1L, Long::sum);
						}
					}
				}));
			}
		}

		long served() {
			return this.served.get();
		}

		/** The slowest answer since the last call, and starts again. */
		Duration slowest() {
			return Duration.ofNanos(this.slowest.getAndSet(0));
		}

		Map<String, Long> failures() {
			return this.failures;
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(30_000);
			}
		}

	}

	/** A browser without JavaScript: keeps the session cookie, follows no redirects. */
	private static final class Browser {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final String base;

		private Browser(int port) {
			this.base = "http://127.0.0.1:" + port;
		}

		static Browser signedUp(int port, String username) throws Exception {
			var browser = new Browser(port);
			Matcher csrf = CSRF.matcher(browser.get("/signup").body());
			assertThat(csrf.find()).isTrue();
			String form = Map
				.of("username", username, "email", username + "@example.com", "password", "correct horse battery",
						"_csrf", csrf.group(1))
				.entrySet()
				.stream()
				.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			HttpResponse<String> signedUp = browser.http
				.send(HttpRequest.newBuilder(URI.create(browser.base + "/signup"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
			return browser;
		}

		Page get(String path) throws Exception {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", "text/html").GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return new Page(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}

		record Page(int status, String contentType, String body) {

		}

	}

}
