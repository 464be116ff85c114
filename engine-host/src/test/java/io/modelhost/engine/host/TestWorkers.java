package io.modelhost.engine.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.Confinement;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.djl.TorchScriptEngine;
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

	/**
	 * Settings for a TorchScript worker, with what the engine says its worker needs:
	 * bubblewrap where it works (required in CI).
	 */
	static IsolationSettings torch(Path spool) {
		Confinement needs = new TorchScriptEngine().confinement().orElseThrow();
		return auto(spool).withRuntime(needs.runtimeDirectories(), needs.systemProperties());
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
