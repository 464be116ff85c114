package io.modelhost.engine.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.host.IsolationSettings.SandboxMode;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Settings for the workers tests start, and the bubblewrap rule: tests that need it skip
 * where it does not work, unless {@code MODELHOST_REQUIRE_SERVICES=1} (CI), where they
 * fail instead.
 */
final class TestWorkers {

	static final boolean REQUIRED = "1".equals(System.getenv("MODELHOST_REQUIRE_SERVICES"));

	private TestWorkers() {
	}

	/** Settings for a bubblewrap worker; skips the test where bubblewrap is missing. */
	static IsolationSettings sandboxed(Path spool) {
		if (!REQUIRED) {
			String problem = Sandbox.probe();
			assumeTrue(problem == null, () -> "bubblewrap does not work here: " + problem);
		}
		return IsolationSettings.defaults(spool).withSandbox(SandboxMode.BWRAP);
	}

	/** Settings for a worker in bubblewrap where it works (required in CI). */
	static IsolationSettings auto(Path spool) {
		return IsolationSettings.defaults(spool).withSandbox(REQUIRED ? SandboxMode.BWRAP : SandboxMode.AUTO);
	}

	/** Settings for a TorchScript worker: bubblewrap where it works (required in CI). */
	static IsolationSettings torch(Path spool) {
		Path cache = djlCache();
		return auto(spool).withRuntime(List.of(cache),
				Map.of("DJL_CACHE_DIR", cache.toString(), "ai.djl.offline", "true"));
	}

	/** Where DJL keeps libtorch: {@code DJL_CACHE_DIR}, else {@code ~/.djl.ai}. */
	static Path djlCache() {
		String configured = System.getenv("DJL_CACHE_DIR");
		return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".djl.ai");
	}

	/** Copies a file into the work directory and has the engine detect it. */
	static FormatClaim claim(ModelEngine engine, Path upload) {
		try {
			byte[] head;
			try (var in = Files.newInputStream(upload)) {
				head = in.readNBytes(ArtifactSample.HEAD_SIZE);
			}
			return engine.detect(new ArtifactSample(upload, Files.size(upload), head)).orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
