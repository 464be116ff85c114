package io.modelhost.engine.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of one engine: started on first use, started again on the next call after it
 * died. Before the first worker, a one-off run prepares the engine's native runtime while
 * its directories are still writable.
 *
 * <p>
 * Thread-safe. Starting holds this object's lock, so calls that arrive meanwhile wait for
 * the worker they need anyway; calls themselves run without it.
 */
final class Worker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Worker.class);

	private final String engineId;

	private final String role;

	private final IsolationSettings settings;

	private final Sandbox sandbox;

	private final Path workers;

	/**
	 * The running worker; null before the first call and after close. Guarded by this.
	 */
	private @Nullable WorkerConnection current;

	/** Guarded by this. */
	private boolean prepared;

	/** Guarded by this. */
	private int started;

	/** Guarded by this. */
	private boolean closed;

	/**
	 * @param engineId the engine the worker runs
	 * @param role what the worker is for, in its name and the log (e.g. "admission")
	 */
	Worker(String engineId, String role, IsolationSettings settings, Sandbox sandbox) {
		this.engineId = engineId;
		this.role = role;
		this.settings = settings;
		this.sandbox = sandbox;
		this.workers = settings.spoolDirectory().resolve("workers");
	}

	/**
	 * The running worker, started if there is none or it died.
	 * @throws IllegalStateException if it cannot be started
	 */
	synchronized WorkerConnection connection() {
		if (this.closed) {
			throw new IllegalStateException("the isolated engine " + this.engineId + " is closed");
		}
		if (this.current != null && this.current.alive()) {
			return this.current;
		}
		if (this.current != null) {
			log.info("Restarting the {} engine's {} worker", this.engineId, this.role);
		}
		if (!this.prepared) {
			prepare();
			this.prepared = true;
		}
		this.started++;
		Path scratch = scratch(this.role + "-worker-" + this.started);
		this.current = WorkerConnection.start(this.engineId + "-" + this.role + "-worker-" + this.started,
				this.sandbox.command(this.engineId, scratch, false), this.sandbox.environment(), scratch, this.engineId,
				this.settings.startTimeout());
		return this.current;
	}

	/** The running worker, if there is one; never starts one. */
	synchronized @Nullable WorkerConnection running() {
		return (this.current != null && this.current.alive()) ? this.current : null;
	}

	/**
	 * Runs the engine once with its runtime directories writable, so that native
	 * libraries are extracted before workers that can only read them.
	 */
	private void prepare() {
		if (this.settings.runtimeDirectories().isEmpty()) {
			return;
		}
		Path scratch = scratch("prepare");
		try {
			for (Path directory : this.settings.runtimeDirectories()) {
				Files.createDirectories(directory);
			}
			Path output = scratch.resolve("prepare.log");
			var builder = new ProcessBuilder(this.sandbox.command(this.engineId, scratch, true))
				.directory(scratch.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().clear();
			builder.environment().putAll(this.sandbox.environment());
			Process process = builder.start();
			long seconds = this.settings.startTimeout().toSeconds() * 5;
			if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new IllegalStateException(
						"Preparing the " + this.engineId + " engine took longer than " + seconds + " s");
			}
			if (process.exitValue() != 0) {
				List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
				throw new IllegalStateException(
						"Preparing the " + this.engineId + " engine failed (exit code " + process.exitValue() + "): "
								+ String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
			}
			log.info("Prepared the {} engine's native runtime in {}", this.engineId,
					this.settings.runtimeDirectories());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare the " + this.engineId + " engine", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while preparing the " + this.engineId + " engine", ex);
		}
		finally {
			FileTrees.delete(scratch);
		}
	}

	private Path scratch(String name) {
		try {
			Files.createDirectories(this.workers);
			return Files.createTempDirectory(this.workers, name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a directory for the engine worker", ex);
		}
	}

	/** Kills the worker; no new one starts. */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.current != null) {
			this.current.kill("its engine was closed", true);
			this.current = null;
		}
	}

}
