package io.modelhost.engine.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a worker's command line lets it see, read without starting anything. */
class SandboxCommandTests {

	private static final Path CACHE = Path.of("/var/cache/djl");

	private static final Path SCRATCH = Path.of("/srv/modelhost/spool/workers/worker-1");

	private final IsolationSettings settings = IsolationSettings.defaults(Path.of("/srv/modelhost/spool"))
		.withRuntime(List.of(CACHE), Map.of("DJL_CACHE_DIR", CACHE.toString()));

	@Test
	void confinesTheWorkerToItsOwnNamespacesAsNobodyWithoutCapabilities() {
		List<String> command = new Sandbox(this.settings, true).command("djl-pytorch", SCRATCH, false);
		assertThat(command).startsWith("/usr/bin/prlimit", "--as=" + (4096L << 20), "--nofile=1024", "--core=0", "--",
				"/usr/bin/bwrap");
		assertThat(command).containsSubsequence("--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
				"--cap-drop", "ALL");
		assertThat(command).contains("--die-with-parent", "--new-session", "--clearenv");
		assertThat(command).endsWith(EngineHost.class.getName(), "djl-pytorch");
	}

	@Test
	void bindsOnlyLibrariesTheJdkTheClasspathAndTheRuntimeReadOnly() {
		List<String> command = new Sandbox(this.settings, true).command("djl-pytorch", SCRATCH, false);
		List<String> writable = sources(command, "--bind");
		assertThat(writable).containsExactly(SCRATCH.toString());
		assertThat(targetOf(command, SCRATCH.toString())).isEqualTo("/tmp");
		List<String> readable = new ArrayList<>(sources(command, "--ro-bind"));
		readable.addAll(sources(command, "--ro-bind-try"));
		assertThat(readable).contains("/usr/lib", CACHE.toString(),
				Path.of(System.getProperty("java.home")).toString());
		assertThat(readable).allSatisfy((path) -> assertThat(path).doesNotStartWith("/etc")
			.isNotEqualTo("/usr")
			.doesNotStartWith("/usr/bin")
			.isNotEqualTo(System.getProperty("user.home")));
		assertThat(readable).containsAll(this.settings.classpath().paths().stream().map(Path::toString).toList());
		assertThat(command).contains("-Xmx" + (512L << 20), "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp",
				"-DDJL_CACHE_DIR=" + CACHE);
	}

	@Test
	void letsOnlyThePreparationRunWriteTheRuntimeDirectories() {
		List<String> command = new Sandbox(this.settings, true).command("djl-pytorch", SCRATCH, true);
		assertThat(sources(command, "--bind")).containsExactlyInAnyOrder(CACHE.toString(), SCRATCH.toString());
		assertThat(command).containsSubsequence("--prepare", "djl-pytorch");
	}

	@Test
	void startsAPlainJvmWithTheSameLimitsWhenNotConfined() {
		List<String> command = new Sandbox(this.settings, false).command("djl-pytorch", SCRATCH, false);
		assertThat(command).startsWith("/usr/bin/prlimit").doesNotContain("/usr/bin/bwrap");
		assertThat(command).contains("-Djava.io.tmpdir=" + SCRATCH, "-XX:+ExitOnOutOfMemoryError");
	}

	private static List<String> sources(List<String> command, String option) {
		var sources = new ArrayList<String>();
		for (int i = 0; i < command.size() - 1; i++) {
			if (command.get(i).equals(option)) {
				sources.add(command.get(i + 1));
			}
		}
		return sources;
	}

	private static String targetOf(List<String> command, String source) {
		return command.get(command.indexOf(source) + 1);
	}

}
