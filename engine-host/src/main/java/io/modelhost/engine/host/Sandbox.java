package io.modelhost.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.modelhost.engine.host.IsolationSettings.SandboxMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line that starts a worker: {@code prlimit} for its resource limits, then,
 * when confined, bubblewrap, then the JVM.
 *
 * <p>
 * Inside bubblewrap the worker has its own user (nobody, no capabilities), network (no
 * interface but a loopback of its own), pid, ipc, uts and cgroup namespaces, a new
 * session (no terminal to push input into), no environment but what is set here, and a
 * file system of read-only binds of exactly what the JVM needs: {@code /usr/lib} (and
 * {@code /usr/lib64}) with the {@code /lib} links, the JDK, each classpath entry and the
 * engine's native runtime directories; {@code /proc}, a minimal {@code /dev}, and as
 * {@code /tmp} a private directory of the server's that holds the received model files.
 * No {@code /etc}, no home, no {@code /usr/bin}, no data directory: the only program in
 * the sandbox is the JVM itself.
 */
final class Sandbox {

	private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

	static final Path BWRAP = Path.of("/usr/bin/bwrap");

	static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

	/** The main class every worker runs. */
	static final String MAIN = EngineHost.class.getName();

	private final IsolationSettings settings;

	private final boolean confined;

	private final Path java;

	Sandbox(IsolationSettings settings, boolean confined) {
		this.settings = settings;
		this.confined = confined;
		this.java = realPath(settings.java());
	}

	/**
	 * The sandbox the settings ask for.
	 * @throws IllegalStateException in mode {@code bwrap} when bubblewrap does not work
	 * here
	 */
	static Sandbox of(IsolationSettings settings) {
		return switch (settings.sandbox()) {
			case NONE -> new Sandbox(settings, false);
			case BWRAP -> {
				String problem = probe();
				if (problem != null) {
					throw new IllegalStateException("The engine worker must run in bubblewrap, but " + problem);
				}
				yield new Sandbox(settings, true);
			}
			case AUTO -> {
				String problem = probe();
				if (problem != null) {
					log.warn("Engine workers run without a sandbox, because {}: models cannot reach the server's "
							+ "memory, but can read its files and the network (to refuse to run so, set the server's "
							+ "modelhost.runtime.worker.sandbox=bwrap, or {}=bwrap for an engine host on its own)",
							problem, IsolationSettings.SANDBOX_VARIABLE);
				}
				yield new Sandbox(settings, problem == null);
			}
		};
	}

	/** Whether the worker runs in bubblewrap. */
	boolean confined() {
		return this.confined;
	}

	/**
	 * Why bubblewrap cannot confine a worker here, or null when it can: it must be
	 * installed and able to create every namespace.
	 */
	static String probe() {
		if (!Files.isExecutable(BWRAP)) {
			return BWRAP + " is not installed (Debian package bubblewrap)";
		}
		var command = new ArrayList<String>();
		command.add(BWRAP.toString());
		command.addAll(namespaces());
		command.addAll(List.of("--ro-bind", "/usr", "/usr"));
		command.addAll(libraryLinks());
		command.add("/usr/bin/true");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes()).strip();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "bubblewrap did not finish a trial run";
			}
			return process.exitValue() == 0 ? null : "bubblewrap fails here: " + output;
		}
		catch (IOException ex) {
			return "bubblewrap cannot be started: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while trying bubblewrap";
		}
	}

	/**
	 * The command that starts a worker for the engine.
	 * @param scratch the worker's private, writable directory: its {@code /tmp}
	 * @param prepare whether this is the one-off run that prepares the engine's native
	 * runtime, with its directories writable
	 */
	List<String> command(String engineId, Path scratch, boolean prepare) {
		var command = new ArrayList<String>();
		if (Files.isExecutable(PRLIMIT)) {
			command.add(PRLIMIT.toString());
			command.add("--as=" + this.settings.maxAddressSpaceBytes());
			command.add("--nofile=" + this.settings.maxOpenFiles());
			command.add("--core=0");
			command.add("--");
		}
		Path tmp = scratch;
		if (this.confined) {
			tmp = Path.of("/tmp");
			command.add(BWRAP.toString());
			command.addAll(namespaces());
			command.add("--die-with-parent");
			command.add("--new-session");
			command.add("--clearenv");
			command.addAll(List.of("--setenv", "MALLOC_ARENA_MAX", "2"));
			command.addAll(readOnly(Path.of("/usr/lib")));
			if (Files.isDirectory(Path.of("/usr/lib64"))) {
				command.addAll(readOnly(Path.of("/usr/lib64")));
			}
			command.addAll(libraryLinks());
			var binds = new LinkedHashSet<Path>();
			binds.add(this.java.getParent().getParent());
			binds.addAll(this.settings.classpath().paths());
			for (Path bind : binds) {
				// a classpath may name entries that do not exist; the JVM skips them too
				command.addAll(List.of("--ro-bind-try", bind.toString(), bind.toString()));
			}
			for (Path directory : this.settings.runtimeDirectories()) {
				command.addAll(List.of(prepare ? "--bind" : "--ro-bind", directory.toString(), directory.toString()));
			}
			command.addAll(List.of("--bind", scratch.toString(), "/tmp"));
			command.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp", "--"));
		}
		command.add(this.java.toString());
		command.add("-Xmx" + this.settings.maxHeapBytes());
		// small reservations, so that the JVM fits the address-space limit with room for
		// the engine's native memory
		command.add("-XX:CompressedClassSpaceSize=128m");
		command.add("-XX:ReservedCodeCacheSize=128m");
		command.add("-XX:MaxMetaspaceSize=256m");
		command.add("-XX:MaxDirectMemorySize=256m");
		command.add("-XX:+UseSerialGC");
		// a model that fills the heap costs its worker, which the server restarts
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.add("-XX:-UsePerfData");
		command.add("-XX:+DisplayVMOutputToStderr");
		command.add("-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"));
		command.add("--enable-native-access=ALL-UNNAMED");
		command.add("-Djava.io.tmpdir=" + tmp);
		for (Map.Entry<String, String> property : this.settings.systemProperties().entrySet()) {
			command.add("-D" + property.getKey() + "=" + property.getValue());
		}
		command.addAll(this.settings.classpath().arguments(MAIN));
		if (prepare) {
			command.add("--prepare");
		}
		command.add(engineId);
		return command;
	}

	/** The environment of a worker outside bubblewrap, which clears its own. */
	Map<String, String> environment() {
		return Map.of("MALLOC_ARENA_MAX", "2");
	}

	private static List<String> namespaces() {
		return List.of("--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL");
	}

	/** {@code /lib} and friends: links into {@code /usr} on merged-usr systems. */
	private static List<String> libraryLinks() {
		var arguments = new ArrayList<String>();
		for (String name : List.of("lib", "lib64")) {
			Path path = Path.of("/", name);
			if (Files.isSymbolicLink(path)) {
				try {
					arguments.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), path.toString()));
				}
				catch (IOException ex) {
					throw new IllegalStateException("cannot read the link " + path, ex);
				}
			}
			else if (Files.isDirectory(path)) {
				arguments.addAll(readOnly(path));
			}
		}
		return arguments;
	}

	private static List<String> readOnly(Path path) {
		return List.of("--ro-bind", path.toString(), path.toString());
	}

	private static Path realPath(Path path) {
		try {
			return path.toRealPath();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no java executable at " + path, ex);
		}
	}

}
