package io.modelhost.engine.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.PredictionFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an escaped model can do in a bubblewrap worker, proved without libtorch: the
 * {@link ProbeEngine} tries each thing in the worker, and, as a control that the probe
 * works at all, in this process too. Skipped where bubblewrap does not work, failed there
 * under {@code MODELHOST_REQUIRE_SERVICES=1}.
 */
class SandboxTests {

	private static final Path OUTSIDE = Path.of("target", "sandbox-tests").toAbsolutePath();

	@TempDir
	static Path spool;

	static IsolatedEngine engine;

	static LoadedModel model;

	@BeforeAll
	static void admitProbe() throws IOException {
		engine = new IsolatedEngine(new ProbeEngine(), TestWorkers.sandboxed(spool));
		assertThat(engine.confined()).isTrue();
		model = ProbeModels.admit(engine, spool.resolve("work"));
		Files.createDirectories(OUTSIDE);
	}

	@AfterAll
	static void close() {
		model.close();
		engine.close();
	}

	@Test
	void runsTheModelWithAPrivateTmp() {
		assertThat(ProbeModels.attempt(model, "write-file /tmp/scratch")).startsWith("ok");
		assertThat(ProbeModels.attempt(model, "read-file /tmp/scratch")).isEqualTo("ok: escaped");
	}

	@Test
	void cannotReadAFileOfTheServer() throws IOException {
		Path secret = OUTSIDE.resolve("jwt-signing.key");
		Files.writeString(secret, "secret");
		assertThat(ProbeEngine.attempt("read-file " + secret)).isEqualTo("ok: secret");
		assertThat(ProbeModels.attempt(model, "read-file " + secret)).startsWith("denied: java.nio.file.NoSuchFile");
	}

	@Test
	void cannotReadSystemSecretsOrTheHomeDirectory() throws IOException {
		assertThat(ProbeModels.attempt(model, "read-file /etc/shadow")).startsWith("denied");
		assertThat(ProbeModels.attempt(model, "read-file /etc/passwd")).startsWith("denied");
		Path profile = Path.of(System.getProperty("user.home"), ".gitconfig");
		Path home = Files.isRegularFile(profile) ? profile : OUTSIDE.resolve("home-file");
		if (!Files.exists(home)) {
			Files.writeString(home, "home");
		}
		assertThat(ProbeEngine.attempt("read-file " + home)).startsWith("ok");
		assertThat(ProbeModels.attempt(model, "read-file " + home)).startsWith("denied");
	}

	@Test
	void cannotConnectToTheServersPorts() throws IOException {
		try (var server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			String action = "connect " + server.getLocalPort();
			assertThat(ProbeEngine.attempt(action)).startsWith("ok");
			assertThat(ProbeModels.attempt(model, action)).startsWith("denied: java.net.ConnectException");
		}
	}

	@Test
	void cannotStartAProgram() {
		assertThat(ProbeEngine.attempt("exec /usr/bin/id")).startsWith("ok: uid=");
		assertThat(ProbeModels.attempt(model, "exec /usr/bin/id")).startsWith("denied");
		assertThat(ProbeModels.attempt(model, "exec /bin/sh")).startsWith("denied");
	}

	@Test
	void cannotWriteOutsideItsTmp() {
		assertThat(ProbeModels.attempt(model, "write-file " + OUTSIDE.resolve("pwned"))).startsWith("denied");
		assertThat(OUTSIDE.resolve("pwned")).doesNotExist();
		assertThat(ProbeModels.attempt(model, "write-file /usr/lib/pwned")).startsWith("denied");
		Path classes = Path.of("target", "test-classes", "pwned").toAbsolutePath();
		assertThat(ProbeModels.attempt(model, "write-file " + classes)).startsWith("denied");
		assertThat(classes).doesNotExist();
	}

	@Test
	void cannotAllocateNativeMemoryBeyondItsLimit() {
		long beyond = engine.settings().maxAddressSpaceBytes() + (1L << 30);
		assertThat(ProbeModels.attempt(model, "allocate-native " + beyond))
			.startsWith("denied: java.lang.OutOfMemoryError");
		assertThat(ProbeModels.attempt(model, "allocate-native " + (64 << 20))).startsWith("ok");
	}

	@Test
	void diesAloneWhenItFillsItsHeapAndIsStartedAgain() {
		assertThatExceptionOfType(PredictionFailedException.class)
			.isThrownBy(() -> ProbeModels.attempt(model, "allocate-heap"));
		assertThat(ProbeModels.attempt(model, "write-file /tmp/after")).startsWith("ok");
	}

}
