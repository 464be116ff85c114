package io.modelhost.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.ApiClient;
import io.modelhost.EmbeddedPostgresql;
import io.modelhost.FileTrees;
import io.modelhost.engine.testkit.Fixtures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis, where the {@code postgres} profile keeps quota buckets, is killed under two
 * running replicas and started again on the same port: the replica with
 * {@code modelhost.quotas.redis-unavailable=open} (the default) lets requests through
 * uncounted, the one with {@code closed} refuses them with 503
 * {@code quotas-unavailable}; neither answers 500, both count each such decision in
 * {@code modelhost.quotas.unavailable}, and both count quotas again once Redis is back.
 * Runs its own {@code redis-server} on a free port; skipped where the binary is not
 * installed, unless {@code MODELHOST_REQUIRE_SERVICES=1} (CI) makes that a failure.
 */
class RedisOutageTests {

	private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

	/** Each key's quota: small, so that an outage's uncounted requests exceed it. */
	private static final int QUOTA = 5;

	private static final Map<String, Object> ROW = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

	private static EmbeddedPostgres postgres;

	private static Path data;

	private static int redisPort;

	private static Process redis;

	private static ConfigurableApplicationContext open;

	private static ConfigurableApplicationContext closed;

	@BeforeAll
	static void start() throws Exception {
		boolean installed = Files.isExecutable(REDIS_SERVER);
		if (!installed && "1".equals(System.getenv("MODELHOST_REQUIRE_SERVICES"))) {
			throw new IllegalStateException(REDIS_SERVER + " is not installed (Debian package redis-server)");
		}
		Assumptions.assumeTrue(installed,
				REDIS_SERVER + " is not installed (Debian package redis-server): the Redis outage is not tested");
		redisPort = Outages.freePort();
		redis = startRedis();
		postgres = EmbeddedPostgresql.start();
		data = Files.createTempDirectory("modelhost-redis-outage-");
		open = replica("open");
		closed = replica("closed");
	}

	private static ConfigurableApplicationContext replica(String whenRedisIsDown) {
		return Outages.application(postgres.getPort(), data,
				Map.of("spring.data.redis.url", "redis://127.0.0.1:" + redisPort, "modelhost.quotas.per-key-requests",
						Integer.toString(QUOTA), "modelhost.quotas.redis-unavailable", whenRedisIsDown));
	}

	@AfterAll
	static void stop() throws IOException {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { open, closed }) {
			if (context != null) {
				context.close();
			}
		}
		if (redis != null) {
			redis.destroyForcibly();
		}
		if (postgres != null) {
			postgres.close();
		}
		if (data != null) {
			FileTrees.deleteQuietly(data);
		}
	}

	@Test
	void quotasFailOpenOrClosedAsConfiguredWhileRedisIsDownAndCountAgainWhenItIsBack() throws Exception {
		ApiClient user = ApiClient.newUser(Outages.port(open), "redis");
		ApiClient.Response uploaded = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "counted in Redis"));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		String predict = "/api/v1/models/" + uploaded.json().get("id").asString() + "/predict";
		ApiClient onOpen = ApiClient.anonymous(Outages.port(open)).withApiKey(newKey(user, "open"));
		ApiClient onClosed = ApiClient.anonymous(Outages.port(closed)).withApiKey(newKey(user, "closed"));
		ApiClient.Response counted = onOpen.post(predict, ROW);
		assertThat(counted.status()).as(counted.toString()).isEqualTo(200);
		assertThat(counted.header("RateLimit")).contains("r=" + (QUOTA - 1));
		assertThat(onClosed.post(predict, ROW).status()).isEqualTo(200);

		// Redis dies
		redis.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		long killed = System.nanoTime();

		// open: every request passes, uncounted, far beyond the quota
		var statuses = new ArrayList<Integer>();
		for (int i = 0; i < 4 * QUOTA; i++) {
			ApiClient.Response response = onOpen.post(predict, ROW);
			statuses.add(response.status());
			assertThat(response.header("RateLimit")).as("uncounted: no RateLimit field").isNull();
		}
		assertThat(statuses).as("failing open").containsOnly(200);
		assertThat(unavailable(open, "allowed")).isGreaterThanOrEqualTo(4 * QUOTA);
		assertThat(user.get("/api/v1/models").status()).as("management needs no Redis").isEqualTo(200);

		// closed: refused with 503, never 500
		ApiClient.Response refused = onClosed.post(predict, ROW);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/quotas-unavailable");
		assertThat(refused.header("Retry-After")).isEqualTo("5");
		assertThat(unavailable(closed, "refused")).isGreaterThanOrEqualTo(1);
		assertThat(unavailable(closed, "allowed")).isZero();
		double outageSeconds = (System.nanoTime() - killed) / 1e9;

		// Redis comes back, empty, on the same port
		redis = startRedis();
		long back = System.nanoTime();
		Outages.await("the open replica counts again", Duration.ofSeconds(30),
				() -> onOpen.post(predict, ROW).header("RateLimit") != null);
		double toCountedOpen = (System.nanoTime() - back) / 1e9;
		Outages.await("the closed replica serves again", Duration.ofSeconds(30),
				() -> onClosed.post(predict, ROW).status() == 200);
		double toServedClosed = (System.nanoTime() - back) / 1e9;

		// the quota holds again: within QUOTA more requests, one is refused
		int status = 0;
		for (int i = 0; i <= QUOTA && status != 429; i++) {
			status = onOpen.post(predict, ROW).status();
		}
		assertThat(status).as("the quota holds again").isEqualTo(429);
		System.out.printf(Locale.ROOT,
				"redis outage: %.1f s; open replica: %d requests let through uncounted (quota %d), counted again "
						+ "%.1f s after Redis was back; closed replica: %d refused with 503, serving again after "
						+ "%.1f s%n",
				outageSeconds, (long) unavailable(open, "allowed"), QUOTA, toCountedOpen,
				(long) unavailable(closed, "refused"), toServedClosed);
	}

	private static String newKey(ApiClient user, String name) {
		ApiClient.Response created = user.post("/api/v1/api-keys", Map.of("name", name));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("key").asString();
	}

	private static double unavailable(ConfigurableApplicationContext replica, String decision) {
		return replica.getBean(MeterRegistry.class)
			.counter("modelhost.quotas.unavailable", "decision", decision)
			.count();
	}

	/** Starts redis-server on {@link #redisPort}, in memory only, and waits for it. */
	private static Process startRedis() throws Exception {
		Process process = new ProcessBuilder(REDIS_SERVER.toString(), "--port", Integer.toString(redisPort), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		Outages.await("redis-server listens", Duration.ofSeconds(30), () -> {
			try (var socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", redisPort), 200);
				return true;
			}
			catch (IOException ex) {
				assertThat(process.isAlive()).as("redis-server started").isTrue();
				return false;
			}
		});
		return process;
	}

}
