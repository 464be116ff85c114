package io.modelhost;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.modelhost.monitoring.Alerts;
import io.modelhost.monitoring.IdleModels;
import io.modelhost.monitoring.ResourceMonitor;
import io.modelhost.usage.UsageLedger;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same migrations and queries on a real PostgreSQL (17, embedded, no Docker), the
 * database the production profile uses: the journey from registration to deletion. The
 * context closes (writing its usage records) before the database stops.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PostgresCompatibilityTests {

	private static final EmbeddedPostgres POSTGRES = EmbeddedPostgresql.start();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UsageLedger usage;

	@Autowired
	ResourceMonitor resources;

	@Autowired
	Alerts alerts;

	@Autowired
	IdleModels idle;

	@Autowired
	Clock clock;

	@Autowired
	io.modelhost.capture.Captures captures;

	@Autowired
	io.modelhost.drift.DriftAlerts driftAlerts;

	@Autowired
	io.modelhost.accounts.Invitations invitations;

	@Autowired
	io.modelhost.accounts.internal.InvitationStore invitationStore;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws IOException {
		EmbeddedPostgresql.register(registry, POSTGRES, "pg-test");
	}

	/**
	 * Stops the database when the context closes: beans are destroyed after the lifecycle
	 * has stopped, so the usage ledger has written its records by then.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class StopPostgresWithTheContext {

		@Bean(destroyMethod = "close")
		EmbeddedPostgres embeddedPostgres() {
			return POSTGRES;
		}

	}

	@Test
	void runsTheWholeJourneyOnPostgres() {
		assertThat(this.jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL 17");
		ApiClient anonymous = ApiClient.anonymous(this.port);
		anonymous.post("/api/v1/auth/register",
				Map.of("username", "pg_user", "email", "pg@example.com", "password", "correct horse battery"));
		String token = anonymous
			.post("/api/v1/auth/login", Map.of("username", "pg_user", "password", "correct horse battery"))
			.json()
			.get("access_token")
			.asString();
		ApiClient user = anonymous.withToken(token);
		ApiClient.Response upload = user.upload("/api/v1/models",
				io.modelhost.engine.testkit.Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "Iris 100%_forest", "description", "on postgres"));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		JsonNode model = upload.json();
		String id = model.get("id").asString();

		assertThat(user.get("/api/v1/models?name=100%25_f").json().get("total").asLong()).isEqualTo(1);
		assertThat(user.get("/api/v1/models?name=100%25xf").json().get("total").asLong()).isZero();
		assertThat(user.get("/api/v1/models?format=sklearn&status=active&sort=name&order=asc").json().get("items"))
			.hasSize(1);
		ApiClient.Response predicted = user.post("/api/v1/models/" + id + "/predict",
				Map.of("inputs", List.of(List.of(6.3, 3.3, 6.0, 2.5))));
		assertThat(predicted.json().get("predictions").get(0).asInt()).isEqualTo(2);
		// monitoring: samples, a rule, usage read over its window, an alert raised once
		assertThat(user.put("/api/v1/models/" + id + "/alert-rules", Map.of("p95_latency_ms", 0.001, "window", "1m"))
			.status()).isEqualTo(200);
		this.usage.flush();
		this.resources.sample();
		this.alerts.evaluate();
		this.alerts.evaluate();
		this.idle.check();
		assertThat(user.get("/api/v1/models/" + id + "/resources").json().get("current").get("loaded").asBoolean())
			.isTrue();
		assertThat(user.get("/api/v1/models/" + id + "/alerts").json()).singleElement()
			.satisfies((alert) -> assertThat(alert.get("metric").asString()).isEqualTo("p95_latency_ms"));
		assertThat(user.patch("/api/v1/models/" + id, Map.of("name", "renamed")).status()).isEqualTo(200);
		// a second version under the same name: numbered under the model's row lock
		ApiClient.Response second = user.upload("/api/v1/models",
				io.modelhost.engine.testkit.Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null,
				Map.of("name", "renamed"));
		assertThat(second.status()).as(second.toString()).isEqualTo(201);
		assertThat(second.json().get("version").asInt()).isEqualTo(2);
		assertThat(user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 1)).status())
			.isEqualTo(200);
		ApiClient other = registered(anonymous, "pg_other");
		assertThat(user
			.post("/api/v1/models/" + id + "/shares", Map.of("email", "pg_other@example.com", "permission", "use"))
			.status()).isEqualTo(202);
		assertThat(other.get("/api/v1/models/shared-with-me").json().get("total").asLong()).isEqualTo(1);
		assertThat(
				other.post("/api/v1/models/" + id + "/predict", Map.of("inputs", List.of(List.of(6.3, 3.3, 6.0, 2.5))))
					.json()
					.get("model_version")
					.asInt())
			.isEqualTo(1);

		// usage statistics: rollups upserted with ON CONFLICT, read back on PostgreSQL
		assertThat(user.post("/api/v1/models/" + id + "/predict", Map.of("inputs", List.of(List.of("x")))).status())
			.isEqualTo(400);
		this.usage.flush();
		JsonNode stats = user.get("/api/v1/models/" + id + "/stats?bucket=minute").json();
		assertThat(stats.get("total_requests").asLong()).isEqualTo(3);
		assertThat(stats.get("period").get("client_error").asLong()).isEqualTo(1);
		assertThat(stats.get("latency").get("max_ms").asDouble()).isPositive();
		// a period of its own, longer than the default day: relative to the server's
		// clock, since a fixed
		// date ages past the longest period a query may cover
		Instant monthAgo = this.clock.instant().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
		assertThat(
				user.get("/api/v1/models/" + id + "/stats?from=" + monthAgo).json().get("period").get("total").asLong())
			.isEqualTo(3);
		assertThat(user.get("/api/v1/models/" + id + "/stats/errors").json().get(0).get("type").asString())
			.endsWith("/invalid-input");
		assertThat(other.get("/api/v1/stats/models").json().get(0).get("total_requests").asLong()).isEqualTo(3);

		// aliases and a traffic split (nullable columns bound as nulls on PostgreSQL)
		assertThat(user.put("/api/v1/models/" + id + "/aliases/staging", Map.of("version", 2)).status()).isEqualTo(200);
		assertThat(user.put("/api/v1/models/" + id + "/aliases/staging", Map.of("version", 2)).status()).isEqualTo(200);
		assertThat(other
			.post("/api/v1/models/" + id + "/aliases/staging/predict",
					Map.of("inputs", List.of(List.of(6.3, 3.3, 6.0, 2.5))))
			.json()
			.get("model_version")
			.asInt()).isEqualTo(2);
		assertThat(user.put("/api/v1/models/" + id + "/traffic", Map.of("shadow", Map.of("version", 2))).status())
			.isEqualTo(200);
		assertThat(user.get("/api/v1/models/" + id + "/traffic").json().get("shadow").get("version").asInt())
			.isEqualTo(2);
		assertThat(user
			.put("/api/v1/models/" + id + "/traffic",
					Map.of("production", 80, "canary", Map.of("version", 2, "percent", 20), "sticky", "api_key"))
			.status()).isEqualTo(200);
		assertThat(user.delete("/api/v1/models/" + id + "/versions/2").json().get("alias").asString())
			.isEqualTo("staging");

		assertThat(user.delete("/api/v1/models/" + id).status()).isEqualTo(204);
		assertThat(user.get("/api/v1/models?archived=true").json().get("total").asLong()).isEqualTo(1);
		assertThat(user.post("/api/v1/models/" + id + "/restore", Map.of()).status()).isEqualTo(200);
		assertThat(user.delete("/api/v1/models/" + id + "?permanent=true").status()).isEqualTo(204);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM model_version").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM model_share").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM model_alias").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM model_traffic").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM alert").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM model_resource_sample").query(Long.class).single()).isZero();
	}

	@Test
	void keepsCapturesAndMeasuresDriftOnPostgres() throws InterruptedException {
		ApiClient user = registered(ApiClient.anonymous(this.port), "pg_drift");
		String id = io.modelhost.drift.IrisRows.uploadModel(user);
		ApiClient.Response dataset = user.upload("/api/v1/datasets", io.modelhost.drift.IrisRows.file(), null,
				Map.of("name", "iris"));
		assertThat(user
			.put("/api/v1/models/" + id + "/reference", Map.of("dataset_id", dataset.json().get("id").asString()))
			.status()).isEqualTo(200);
		assertThat(user.put("/api/v1/models/" + id + "/capture", Map.of("enabled", true, "sample_rate", 1.0)).status())
			.isEqualTo(200);
		List<double[]> rows = io.modelhost.drift.IrisRows.features().subList(0, 40);
		assertThat(user.post("/api/v1/models/" + id + "/predict", Map.of("inputs", rows)).status()).isEqualTo(200);
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (captured(id) < 40 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(captured(id)).isEqualTo(40);
		JsonNode page = user.get("/api/v1/models/" + id + "/captures?page=0").json();
		assertThat(page.get("total").asLong()).isEqualTo(40);
		assertThat(page.get("captures")).hasSize(40);
		ApiClient.Response drift = user.get("/api/v1/models/" + id + "/drift");
		assertThat(drift.status()).as(drift.toString()).isEqualTo(200);
		assertThat(user.put("/api/v1/models/" + id + "/drift/alert-rule", Map.of("psi", 0.1)).status()).isEqualTo(200);
		this.driftAlerts.evaluate();
		this.captures.purge();
		assertThat(user.delete("/api/v1/models/" + id + "?permanent=true").status()).isEqualTo(204);
		assertThat(captured(id)).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM drift_rule").query(Long.class).single()).isZero();
	}

	private long captured(String modelId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM prediction_capture WHERE model_id = :model")
			.param("model", modelId)
			.query(Long.class)
			.single();
	}

	@Test
	void keepsInvitationsOnPostgres() {
		var admin = new io.modelhost.accounts.UserId("00000000-0000-0000-0000-0000000000a1");
		io.modelhost.accounts.IssuedInvitation any = this.invitations.create(admin, null, Duration.ofHours(1));
		io.modelhost.accounts.IssuedInvitation addressed = this.invitations.create(admin, "PG@Example.com",
				Duration.ofHours(1));
		String anyHash = io.modelhost.accounts.internal.Secrets.sha256(any.token());
		String addressedHash = io.modelhost.accounts.internal.Secrets.sha256(addressed.token());
		Instant now = this.clock.instant();
		var invitee = new io.modelhost.accounts.UserId("00000000-0000-0000-0000-0000000000b2");
		assertThat(this.invitationStore.usable(addressedHash, "other@example.com", now)).isFalse();
		assertThat(this.invitationStore.usable(addressedHash, "pg@example.com", now)).isTrue();
		assertThat(this.invitationStore.use(anyHash, "x@example.com", invitee, now)).isEqualTo(any.invitation().id());
		assertThat(this.invitationStore.use(anyHash, "x@example.com", invitee, now)).isNull();
		this.invitations.revoke(admin, addressed.invitation().id());
		assertThat(this.invitationStore.use(addressedHash, "pg@example.com", invitee, now)).isNull();
		assertThat(this.invitations.list()).extracting(io.modelhost.accounts.Invitation::id)
			.contains(any.invitation().id(), addressed.invitation().id());
	}

	private static ApiClient registered(ApiClient anonymous, String username) {
		anonymous.post("/api/v1/auth/register",
				Map.of("username", username, "email", username + "@example.com", "password", "correct horse battery"));
		String token = anonymous
			.post("/api/v1/auth/login", Map.of("username", username, "password", "correct horse battery"))
			.json()
			.get("access_token")
			.asString();
		return anonymous.withToken(token);
	}

}
