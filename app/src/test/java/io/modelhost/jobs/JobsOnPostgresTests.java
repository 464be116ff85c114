package io.modelhost.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.EmbeddedPostgresql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs' journey on a real PostgreSQL (17, embedded): db-scheduler's table and
 * polling, the conditional status changes, the event log and its stream, cancel, the
 * queue, and the recovery of a dead node's job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.jobs.node-name=pg-node", "modelhost.jobs.kinds.sleep.concurrency=1",
				"modelhost.jobs.poll-interval=200ms", "modelhost.jobs.heartbeat-interval=500ms",
				"modelhost.jobs.missed-heartbeats=4" })
@DirtiesContext
class JobsOnPostgresTests {

	private static final EmbeddedPostgres POSTGRES = EmbeddedPostgresql.start();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Jobs jobs;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws IOException {
		EmbeddedPostgresql.register(registry, POSTGRES, "pg-jobs-test");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PostgresAndSleepKind {

		@Bean(destroyMethod = "close")
		EmbeddedPostgres embeddedPostgres() {
			return POSTGRES;
		}

		@Bean
		SleepJobs sleepJobs() {
			return new SleepJobs();
		}

	}

	@Test
	void runsCancelsQueuesStreamsAndRecoversJobsOnPostgres() throws Exception {
		assertThat(this.jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL 17");
		ApiClient user = registered("pg_jobs");
		var owner = JobsApiTests.owner(user);

		Job first = this.jobs.submit(owner, SleepJobs.KIND, JSON.readTree("{\"steps\": 5, \"step_ms\": 100}"));
		Job second = this.jobs.submit(owner, SleepJobs.KIND, JSON.readTree("{\"steps\": 1, \"step_ms\": 10}"));
		Job third = this.jobs.submit(owner, SleepJobs.KIND, JSON.readTree("{\"steps\": 1, \"step_ms\": 10}"));
		// the slot is the first's: the third is still queued and cancelled at once
		ApiClient.Response cancelled = user.post("/api/v1/jobs/" + third.id() + "/cancel", Map.of());
		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		EventStream.Result stream = EventStream.read(user, "/api/v1/jobs/" + first.id() + "/events");
		assertThat(stream.names().getFirst()).isEqualTo("state");
		assertThat(stream.names().getLast()).isEqualTo("done");
		assertThat(stream.names().stream().filter("tick"::equals)).hasSize(5);
		JsonNode secondDone = JobsApiTests.awaitStatus(user, second.id(), "succeeded");
		assertThat(secondDone.get("result").get("slept_ms").asLong()).isEqualTo(10);
		JobsApiTests.awaitStatus(user, third.id(), "cancelled");

		Job running = this.jobs.submit(owner, SleepJobs.KIND, JSON.readTree("{\"steps\": 600, \"step_ms\": 100}"));
		JobsApiTests.awaitStatus(user, running.id(), "running");
		long start = System.nanoTime();
		assertThat(user.post("/api/v1/jobs/" + running.id() + "/cancel", Map.of()).status()).isEqualTo(202);
		JobsApiTests.awaitStatus(user, running.id(), "cancelled");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

		JobId lost = JobsApiTests.insertRunning(this.jdbc, owner, "dead-node", true);
		JsonNode failed = JobsApiTests.awaitStatus(user, lost, "failed", Duration.ofSeconds(15));
		assertThat(failed.get("error").asString()).isEqualTo("interrupted by a restart");

		JsonNode listed = user.get("/api/v1/jobs?kind=sleep&status=cancelled").json();
		assertThat(listed.get("total").asLong()).isEqualTo(2);
		assertThat(listed.get("items").get(0).get("id").asString()).isEqualTo(running.id().value());
		assertThat(user.get("/api/v1/jobs").json().get("total").asLong()).isEqualTo(5);
		// every job's execution is gone; what stays are the recurring work's rows, one
		// each
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name NOT LIKE 'recurring-%'")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT task_name FROM scheduled_tasks").query(String.class).list())
			.contains("recurring-usage-retention", "recurring-archive-purge")
			.doesNotHaveDuplicates();
	}

	private ApiClient registered(String username) {
		ApiClient anonymous = ApiClient.anonymous(this.port);
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
