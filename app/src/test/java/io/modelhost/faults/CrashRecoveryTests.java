package io.modelhost.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server is killed with SIGKILL while 16 connections predict and uploads are under
 * way, then started again on the same data directory: every model it acknowledged serves,
 * no model or version is half there (each listed one serves, no files without a record),
 * and the usage records lost are at most about the last second's. Runs the application as
 * a child process from the test classpath.
 */
class CrashRecoveryTests {

	private static final int CONNECTIONS = 16;

	private static final List<List<Double>> ROW = List.of(List.of(5.1, 3.5, 1.4, 0.2));

	private Process server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.destroyForcibly();
		}
	}

	@Test
	void aKilledServerRestartsWithEveryAcknowledgedModelAndAtMostASecondOfUsageLost(@TempDir Path dir)
			throws Exception {
		Path data = Files.createDirectories(dir.resolve("data"));
		int port = freePort();
		this.server = start(dir, data, port, "first");
		ApiClient user = ApiClient.newUser(port, "crash");
		ApiClient.Response first = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "predicted under load"));
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		String iris = first.json().get("id").asString();

		var running = new AtomicBoolean(true);
		var served = new AtomicLong();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		var threads = new ArrayList<Thread>();
		for (int i = 0; i < CONNECTIONS; i++) {
			threads.add(Thread.ofPlatform().start(() -> {
				while (running.get()) {
					try {
						if (user.post("/api/v1/models/" + iris + "/predict", Map.of("inputs", ROW)).status() == 200) {
							served.incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						// the server is gone
					}
				}
			}));
		}
		threads.add(Thread.ofPlatform().start(() -> {
			for (int n = 0; running.get(); n++) {
				try {
					ApiClient.Response upload = user.upload("/api/v1/models",
							Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null,
							Map.of("name", "upload-" + n, "description", "uploaded while the server dies"));
					if (upload.status() == 201) {
						acknowledged.add(upload.json().get("id").asString());
					}
				}
				catch (RuntimeException ex) {
					// the server is gone
				}
			}
		}));
		long started = System.nanoTime();
		Thread.sleep(4000);
		long servedAtKill = served.get();
		this.server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		double seconds = (System.nanoTime() - started) / 1e9;
		running.set(false);
		for (Thread thread : threads) {
			thread.join(30_000);
		}
		long servedTotal = served.get();
		assertThat(servedAtKill).as("the load ran").isPositive();
		assertThat(acknowledged).as("uploads were acknowledged before the kill").isNotEmpty();

		this.server = start(dir, data, port, "second");
		JsonNode models = user.get("/api/v1/models?size=100").json();
		Set<String> listed = new java.util.HashSet<>();
		models.get("items").forEach((model) -> listed.add(model.get("id").asString()));
		assertThat(listed).contains(iris).containsAll(acknowledged);
		// at most the upload in flight at the kill was stored without its answer
		assertThat(listed.size()).isBetween(acknowledged.size() + 1, acknowledged.size() + 2);
		for (String id : listed) {
			ApiClient.Response predicted = user.post("/api/v1/models/" + id + "/predict", Map.of("inputs", ROW));
			assertThat(predicted.status()).as(id + " " + predicted).isEqualTo(200);
		}
		try (Stream<Path> stored = Files.list(data.resolve("models"))) {
			assertThat(stored.map((path) -> path.getFileName().toString()).collect(Collectors.toSet()))
				.as("no model files without a model")
				.isSubsetOf(listed);
		}

		long recorded = recorded(user, iris);
		double rate = servedTotal / seconds;
		long lost = Math.max(0, servedTotal - recorded);
		System.out.printf(java.util.Locale.ROOT,
				"crash: %d predictions answered in %.1f s (%.0f/s), %d recorded, %d lost (%.2f s of load); "
						+ "%d uploads acknowledged, %d models after restart%n",
				servedTotal, seconds, rate, recorded, lost, lost / rate, acknowledged.size(), listed.size());
		assertThat(lost).as("usage records lost").isLessThanOrEqualTo((long) Math.ceil(rate));
	}

	/** The usage records of the model, once the count stops changing. */
	private static long recorded(ApiClient user, String model) throws InterruptedException {
		long previous = -1;
		for (int i = 0; i < 50; i++) {
			long count = user.get("/api/v1/models/" + model + "/stats").json().get("total_requests").asLong();
			if (count == previous) {
				return count;
			}
			previous = count;
			Thread.sleep(300);
		}
		return previous;
	}

	/** Starts the application from the test classpath and waits until it is ready. */
	private static Process start(Path dir, Path data, int port, String name) throws Exception {
		Path arguments = dir.resolve("java.args");
		Files.writeString(arguments, "-cp " + quoted(System.getProperty("java.class.path")) + "\n");
		var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + arguments,
				"--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-Dmodelhost.data-dir=" + data,
				"-Dserver.port=" + port, "-Dmodelhost.quotas.anonymous-requests=1000000",
				"-Dmodelhost.quotas.per-user-requests=1000000",
				"-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")), "io.modelhost.ModelhostApplication");
		var builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve(name + ".log").toFile());
		builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
		Process process = builder.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("the server started: see " + dir.resolve(name + ".log")).isTrue();
			try {
				if (ApiClient.anonymous(port).get("/actuator/health/readiness").status() == 200) {
					return process;
				}
			}
			catch (RuntimeException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		process.destroyForcibly();
		throw new AssertionError(
				"the server was not ready within 120 s: " + Files.readString(dir.resolve(name + ".log")));
	}

	private static String quoted(String classpath) {
		return "\"" + classpath.replace("\\", "\\\\") + "\"";
	}

	private static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
