package io.modelhost.engine.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an {@link IsolatedEngine} runs its worker.
 *
 * @param sandbox how the worker is confined
 * @param startTimeout how long a worker may take to start its engine and say hello
 * @param admissionDeadline how long one admission or load may take; past it the worker is
 * killed and the model refused as taking too long
 * @param predictionDeadline how long one prediction may take; past it the worker is
 * killed and the prediction fails
 * @param maxHeapBytes the worker's Java heap ({@code -Xmx})
 * @param maxAddressSpaceBytes the worker's virtual memory ({@code RLIMIT_AS}): the Java
 * heap, the JVM's own reservations, native libraries and every native allocation of the
 * engine together; a native allocation beyond it fails
 * @param maxOpenFiles the worker's open file limit ({@code RLIMIT_NOFILE})
 * @param runtimeDirectories directories the engine's native runtime reads, such as DJL's
 * libtorch cache: read-only in the worker, writable only while it is prepared
 * @param systemProperties system properties the worker JVM is started with, e.g.
 * {@code DJL_CACHE_DIR}
 * @param spoolDirectory where the server keeps its own copy of each loaded model's files,
 * to load them again in a restarted worker
 * @param classpath where the worker finds its classes
 * @param java the {@code java} executable
 */
public record IsolationSettings(SandboxMode sandbox, Duration startTimeout, Duration admissionDeadline,
		Duration predictionDeadline, long maxHeapBytes, long maxAddressSpaceBytes, int maxOpenFiles,
		List<Path> runtimeDirectories, Map<String, String> systemProperties, Path spoolDirectory,
		WorkerClasspath classpath, Path java) {

	/** The system property that chooses the sandbox mode (else the environment's). */
	public static final String SANDBOX_PROPERTY = "modelhost.engine-host.sandbox";

	/** The environment variable that chooses the sandbox mode. */
	public static final String SANDBOX_VARIABLE = "MODELHOST_ENGINE_SANDBOX";

	private static final long MIB = 1024 * 1024;

	public IsolationSettings {
		requirePositive("startTimeout", startTimeout);
		requirePositive("admissionDeadline", admissionDeadline);
		requirePositive("predictionDeadline", predictionDeadline);
		if (maxHeapBytes < 64 * MIB) {
			throw new IllegalArgumentException("maxHeapBytes must be >= 64 MiB but was " + maxHeapBytes);
		}
		if (maxAddressSpaceBytes < maxHeapBytes) {
			throw new IllegalArgumentException("maxAddressSpaceBytes must be >= maxHeapBytes (" + maxHeapBytes
					+ ") but was " + maxAddressSpaceBytes);
		}
		if (maxOpenFiles < 64) {
			throw new IllegalArgumentException("maxOpenFiles must be >= 64 but was " + maxOpenFiles);
		}
		runtimeDirectories = runtimeDirectories.stream().map((path) -> path.toAbsolutePath().normalize()).toList();
		systemProperties = Map.copyOf(systemProperties);
		spoolDirectory = spoolDirectory.toAbsolutePath().normalize();
	}

	/**
	 * Defaults for a worker serving small and medium models: a 512 MiB heap, 4 GiB of
	 * address space (a started libtorch worker maps about 2 GiB, see
	 * docs/adr/0006-isolated-engine-host.md), 30 s deadlines, the sandbox mode from
	 * {@link #SANDBOX_PROPERTY} or {@link #SANDBOX_VARIABLE} (default {@code auto}), this
	 * JVM's classpath and {@code java}.
	 */
	public static IsolationSettings defaults(Path spoolDirectory) {
		return new IsolationSettings(configuredSandbox(), Duration.ofSeconds(60), Duration.ofSeconds(30),
				Duration.ofSeconds(30), 512 * MIB, 4096 * MIB, 1024, List.of(), Map.of(), spoolDirectory,
				WorkerClasspath.ofThisJvm(), Path.of(System.getProperty("java.home"), "bin", "java"));
	}

	/** The sandbox mode the system property or environment asks for; auto if neither. */
	public static SandboxMode configuredSandbox() {
		String value = System.getProperty(SANDBOX_PROPERTY, System.getenv(SANDBOX_VARIABLE));
		if (value == null || value.isBlank()) {
			return SandboxMode.AUTO;
		}
		return SandboxMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
	}

	public IsolationSettings withSandbox(SandboxMode sandbox) {
		return new IsolationSettings(sandbox, this.startTimeout, this.admissionDeadline, this.predictionDeadline,
				this.maxHeapBytes, this.maxAddressSpaceBytes, this.maxOpenFiles, this.runtimeDirectories,
				this.systemProperties, this.spoolDirectory, this.classpath, this.java);
	}

	public IsolationSettings withDeadlines(Duration admission, Duration prediction) {
		return new IsolationSettings(this.sandbox, this.startTimeout, admission, prediction, this.maxHeapBytes,
				this.maxAddressSpaceBytes, this.maxOpenFiles, this.runtimeDirectories, this.systemProperties,
				this.spoolDirectory, this.classpath, this.java);
	}

	public IsolationSettings withMemory(long maxHeapBytes, long maxAddressSpaceBytes) {
		return new IsolationSettings(this.sandbox, this.startTimeout, this.admissionDeadline, this.predictionDeadline,
				maxHeapBytes, maxAddressSpaceBytes, this.maxOpenFiles, this.runtimeDirectories, this.systemProperties,
				this.spoolDirectory, this.classpath, this.java);
	}

	/**
	 * With a native runtime's directory, read-only in workers, and the system properties
	 * that point the engine at it.
	 */
	public IsolationSettings withRuntime(List<Path> runtimeDirectories, Map<String, String> systemProperties) {
		return new IsolationSettings(this.sandbox, this.startTimeout, this.admissionDeadline, this.predictionDeadline,
				this.maxHeapBytes, this.maxAddressSpaceBytes, this.maxOpenFiles, runtimeDirectories, systemProperties,
				this.spoolDirectory, this.classpath, this.java);
	}

	private static void requirePositive(String name, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + duration);
		}
	}

	/** How a worker is confined. */
	public enum SandboxMode {

		/**
		 * bubblewrap when it is installed and works here; a plain child process
		 * otherwise, with a warning.
		 */
		AUTO,
		/** bubblewrap or nothing: a worker that cannot be sandboxed is not started. */
		BWRAP,
		/** A plain child process with resource limits only. */
		NONE

	}

}
