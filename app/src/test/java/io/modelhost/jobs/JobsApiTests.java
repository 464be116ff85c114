package io.modelhost.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.UserId;
import io.modelhost.jobs.internal.JobExecution;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs over real HTTP on the embedded database, with a test-only {@code sleep} kind run
 * one at a time: queued, running, the result; events streamed in order; cancel, queued
 * and running; the queue behind a busy slot; recovery of jobs a stopped node left
 * running; nobody else sees a job.
 */
@TestPropertySource(properties = { "modelhost.jobs.node-name=test-node", "modelhost.jobs.kinds.sleep.concurrency=1",
		"modelhost.jobs.kinds.sleep.threads=2", "modelhost.jobs.poll-interval=200ms",
		"modelhost.jobs.heartbeat-interval=500ms", "modelhost.jobs.missed-heartbeats=4" })
class JobsApiTests extends HttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	Jobs jobs;

	@Autowired
	JobExecution execution;

	@Autowired
	JdbcClient jdbc;

	@TestConfiguration(proxyBeanMethods = false)
	static class SleepKind {

		@Bean
		SleepJobs sleepJobs() {
			return new SleepJobs();
		}

	}

	@Test
	void runsAQueuedJobToItsResult() {
		ApiClient user = newUser();
		Job submitted = submit(user, Map.of("steps", 4, "step_ms", 50));
		assertThat(submitted.status()).isEqualTo(JobStatus.QUEUED);

		JsonNode done = awaitStatus(user, submitted.id(), "succeeded");
		assertThat(done.get("kind").asString()).isEqualTo("sleep");
		assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
		assertThat(done.get("stage").asString()).isEqualTo("step 4 of 4");
		assertThat(done.get("result").get("slept_ms").asLong()).isEqualTo(200);
		assertThat(done.get("result").get("threads").asInt()).isEqualTo(2);
		assertThat(done.get("parameters").get("steps").asInt()).isEqualTo(4);
		assertThat(Instant.parse(done.get("started_at").asString()))
			.isBeforeOrEqualTo(Instant.parse(done.get("finished_at").asString()));
		assertThat(done.has("error")).isFalse();

		JsonNode list = user.get("/api/v1/jobs?kind=sleep&status=succeeded").json();
		assertThat(list.get("total").asLong()).isEqualTo(1);
		assertThat(list.get("items").get(0).get("id").asString()).isEqualTo(submitted.id().value());
	}

	@Test
	void listsNewestFirstAndPaginates() {
		ApiClient user = newUser();
		Job first = submit(user, Map.of("steps", 1, "step_ms", 1));
		Job second = submit(user, Map.of("steps", 1, "step_ms", 1));
		awaitStatus(user, first.id(), "succeeded");
		awaitStatus(user, second.id(), "succeeded");
		JsonNode page = user.get("/api/v1/jobs?size=1&page=0").json();
		assertThat(page.get("total").asLong()).isEqualTo(2);
		assertThat(page.get("items")).hasSize(1);
		assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(second.id().value());
		assertThat(user.get("/api/v1/jobs?size=1&page=1").json().get("items").get(0).get("id").asString())
			.isEqualTo(first.id().value());
		assertThat(user.get("/api/v1/jobs?status=done").status()).isEqualTo(400);
		assertThat(user.get("/api/v1/jobs?size=101").status()).isEqualTo(400);
	}

	@Test
	void failsWithTheHandlersMessage() {
		ApiClient user = newUser();
		Job job = submit(user, Map.of("steps", 1, "step_ms", 1, "fail", "the target column has a single value"));
		JsonNode failed = awaitStatus(user, job.id(), "failed");
		assertThat(failed.get("error").asString()).isEqualTo("the target column has a single value");
	}

	@Test
	void refusesBadParametersAndUnknownKindsStoringNothing() {
		ApiClient user = newUser();
		UserId owner = owner(user);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.jobs.submit(owner, SleepJobs.KIND, JSON.readTree("{\"steps\": 0}")))
			.isInstanceOf(InvalidJobParametersException.class);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.jobs.submit(owner, new JobKind("nothing"), JSON.readTree("{}")))
			.isInstanceOf(UnknownJobKindException.class);
		assertThat(user.get("/api/v1/jobs").json().get("total").asLong()).isZero();
	}

	@Test
	void streamsProgressAndEventsInOrderThenTheFinalEvent() throws Exception {
		ApiClient user = newUser();
		// one at a time: wait for the slot so that the stream sees the job start
		Job job = submit(user, Map.of("steps", 6, "step_ms", 150));
		EventStream.Result stream = EventStream.read(user, "/api/v1/jobs/" + job.id() + "/events");

		assertThat(stream.status()).isEqualTo(200);
		assertThat(stream.contentType()).startsWith("text/event-stream");
		List<String> names = stream.names();
		assertThat(names.getFirst()).isEqualTo("state");
		assertThat(names.getLast()).isEqualTo("done");
		assertThat(names.stream().filter("tick"::equals)).hasSize(6);
		assertThat(stream.events()
			.stream()
			.filter((e) -> e.name().equals("tick"))
			.map((e) -> e.data().get("step").asInt())
			.toList()).containsExactly(0, 1, 2, 3, 4, 5);
		List<Double> progress = stream.events()
			.stream()
			.filter((e) -> e.name().equals("progress"))
			.map((e) -> e.data().get("progress").asDouble())
			.toList();
		assertThat(progress).isNotEmpty().isSorted();
		assertThat(progress.getLast()).isEqualTo(1.0);
		// each tick comes after the progress of its step
		int lastTick = names.lastIndexOf("tick");
		assertThat(names.subList(0, lastTick)).contains("progress");
		List<Long> ids = stream.events().stream().skip(1).map((e) -> Long.parseLong(e.id())).toList();
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(stream.events().getLast().data().get("result").get("slept_ms").asLong()).isEqualTo(900);

		// a late follower gets the state, the handler's events so far, and the end
		EventStream.Result late = EventStream.read(user, "/api/v1/jobs/" + job.id() + "/events");
		assertThat(late.names()).containsExactly("state", "tick", "tick", "tick", "tick", "tick", "tick", "done");
		assertThat(late.events().getFirst().data().get("status").asString()).isEqualTo("succeeded");
		assertThat(late.events().getFirst().data().get("progress").asDouble()).isEqualTo(1.0);

		// resuming after an event replays everything after it
		String resumeAfter = stream.events().get(stream.names().indexOf("tick")).id();
		EventStream.Result resumed = EventStream
			.open(user, "/api/v1/jobs/" + job.id() + "/events", Map.of("Last-Event-ID", resumeAfter))
			.get(30, TimeUnit.SECONDS);
		assertThat(resumed.names()).doesNotContain("state").endsWith("done");
		assertThat(resumed.names().stream().filter("tick"::equals)).hasSize(5);
	}

	@Test
	void cancelsARunningJobWithinTwoSeconds() {
		ApiClient user = newUser();
		Job job = submit(user, Map.of("steps", 600, "step_ms", 100));
		awaitStatus(user, job.id(), "running");
		long start = System.nanoTime();
		ApiClient.Response cancel = user.post("/api/v1/jobs/" + job.id() + "/cancel", Map.of());
		assertThat(cancel.status()).as(cancel.toString()).isIn(200, 202);
		JsonNode cancelled = awaitStatus(user, job.id(), "cancelled");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(cancelled.get("cancel_requested").asBoolean()).isTrue();
		assertThat(cancelled.get("progress").asDouble()).isLessThan(1.0);

		ApiClient.Response again = user.post("/api/v1/jobs/" + job.id() + "/cancel", Map.of());
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("type").asString()).endsWith("/job-finished");
	}

	@Test
	void interruptsAHandlerThatSleepsThroughACancel() {
		ApiClient user = newUser();
		Job job = submit(user, Map.of("steps", 1, "step_ms", 60_000, "ignore_cancel", true));
		awaitStatus(user, job.id(), "running");
		long start = System.nanoTime();
		assertThat(user.post("/api/v1/jobs/" + job.id() + "/cancel", Map.of()).status()).isEqualTo(202);
		awaitStatus(user, job.id(), "cancelled");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void runsOneAtATimeAndCancelsAQueuedJobAtOnce() {
		ApiClient user = newUser();
		Job first = submit(user, Map.of("steps", 10, "step_ms", 100));
		Job second = submit(user, Map.of("steps", 1, "step_ms", 10));
		Job third = submit(user, Map.of("steps", 1, "step_ms", 10));
		awaitStatus(user, first.id(), "running");
		// the slot is busy: the others wait, over several polls of the scheduler
		sleep(Duration.ofMillis(600));
		assertThat(status(user, second.id())).isEqualTo("queued");
		assertThat(status(user, third.id())).isEqualTo("queued");

		ApiClient.Response cancel = user.post("/api/v1/jobs/" + third.id() + "/cancel", Map.of());
		assertThat(cancel.status()).isEqualTo(200);
		assertThat(cancel.json().get("status").asString()).isEqualTo("cancelled");
		EventStream.Result events = readQuietly(user, third.id());
		assertThat(events.names()).containsExactly("state", "cancelled");

		JsonNode firstDone = awaitStatus(user, first.id(), "succeeded");
		JsonNode secondDone = awaitStatus(user, second.id(), "succeeded");
		assertThat(Instant.parse(secondDone.get("started_at").asString()))
			.isAfterOrEqualTo(Instant.parse(firstDone.get("finished_at").asString()));
		sleep(Duration.ofMillis(500));
		assertThat(status(user, third.id())).isEqualTo("cancelled");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = :id")
			.param("id", third.id().value())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void failsTheJobsThisNodeLeftRunningWhenItStarts() {
		ApiClient user = newUser();
		JobId id = insertRunning(this.jdbc, owner(user), "test-node", false);
		this.execution.stop();
		this.execution.start();
		JsonNode failed = get(user, id);
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertThat(failed.get("error").asString()).isEqualTo("interrupted by a restart");
		assertThat(readQuietly(user, id).names()).containsExactly("state", "failed");
	}

	@Test
	void failsTheJobOfANodeThatStoppedHeartbeating() {
		ApiClient user = newUser();
		JobId id = insertRunning(this.jdbc, owner(user), "dead-node", true);
		// dead after 4 missed heartbeats of 500ms; looked for every second
		JsonNode failed = awaitStatus(user, id, "failed", Duration.ofSeconds(15));
		assertThat(failed.get("error").asString()).isEqualTo("interrupted by a restart");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = :id")
			.param("id", id.value())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void showsNobodyElseAJobAndRefusesApiKeys() {
		ApiClient owner = newUser();
		Job job = submit(owner, Map.of("steps", 1, "step_ms", 1));
		ApiClient other = newUser();
		String path = "/api/v1/jobs/" + job.id();
		for (ApiClient.Response response : List.of(other.get(path), other.post(path + "/cancel", Map.of()),
				other.get(path + "/events"))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("type").asString()).endsWith("/job-not-found");
		}
		assertThat(other.get("/api/v1/jobs").json().get("total").asLong()).isZero();
		assertThat(owner.get("/api/v1/jobs/not-a-job-id").status()).isEqualTo(404);
		assertThat(owner.get("/api/v1/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);

		ApiClient key = apiKeyClient(owner);
		assertThat(key.get(path).status()).isEqualTo(403);
		assertThat(key.get("/api/v1/jobs").status()).isEqualTo(403);
		assertThat(anonymous().get(path).status()).isEqualTo(401);
	}

	@Test
	void answersAStreamOfAnotherUsersJobWithAProblem() throws Exception {
		ApiClient owner = newUser();
		Job job = submit(owner, Map.of("steps", 1, "step_ms", 1));
		EventStream.Result stream = EventStream.read(newUser(), "/api/v1/jobs/" + job.id() + "/events");
		assertThat(stream.status()).isEqualTo(404);
		assertThat(stream.contentType()).startsWith("application/problem+json");
	}

	private Job submit(ApiClient user, Map<String, Object> parameters) {
		return this.jobs.submit(owner(user), SleepJobs.KIND, JSON.valueToTree(parameters));
	}

	static UserId owner(ApiClient user) {
		return new UserId(user.get("/api/v1/auth/me").json().get("id").asString());
	}

	/** A job as a node left it: running there, with its execution picked an hour ago. */
	static JobId insertRunning(JdbcClient jdbc, UserId owner, String node, boolean withExecution) {
		var id = new JobId(UUID.randomUUID().toString());
		OffsetDateTime anHourAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
		jdbc.sql("""
				INSERT INTO job (id, user_id, kind, status, progress, stage, parameters, node, cancel_requested,
				created_at, started_at) VALUES (:id, :user, 'sleep', 'running', 0.4, 'step 2 of 5', '{"steps": 5}',
				:node, FALSE, :at, :at)""")
			.param("id", id.value())
			.param("user", owner.value())
			.param("node", node)
			.param("at", anHourAgo)
			.update();
		if (withExecution) {
			jdbc.sql("""
					INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,
					last_heartbeat, version) VALUES ('job-sleep', :id, :at, TRUE, :node, :at, 1)""")
				.param("id", id.value())
				.param("node", node)
				.param("at", anHourAgo)
				.update();
		}
		return id;
	}

	static JsonNode get(ApiClient user, JobId id) {
		ApiClient.Response response = user.get("/api/v1/jobs/" + id);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	static String status(ApiClient user, JobId id) {
		return get(user, id).get("status").asString();
	}

	static JsonNode awaitStatus(ApiClient user, JobId id, String status) {
		return awaitStatus(user, id, status, Duration.ofSeconds(10));
	}

	static JsonNode awaitStatus(ApiClient user, JobId id, String status, Duration timeout) {
		return await(user, id, (job) -> job.get("status").asString().equals(status), timeout);
	}

	private static JsonNode await(ApiClient user, JobId id, Predicate<JsonNode> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		JsonNode job = get(user, id);
		while (!condition.test(job)) {
			assertThat(System.nanoTime()).as("job %s is still %s", id, job).isLessThan(deadline);
			sleep(Duration.ofMillis(20));
			job = get(user, id);
		}
		return job;
	}

	static EventStream.Result readQuietly(ApiClient user, JobId id) {
		try {
			CompletableFuture<EventStream.Result> stream = EventStream.open(user, "/api/v1/jobs/" + id + "/events",
					Map.of());
			return stream.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
