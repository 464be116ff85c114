package io.modelhost.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.modelhost.FileTrees;
import io.modelhost.engine.Confinement;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.host.IsolatedEngine;
import io.modelhost.engine.host.IsolatedModel;
import io.modelhost.engine.host.IsolationSettings;
import io.modelhost.engine.host.IsolationSettings.SandboxMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines of the process, those whose model files carry code
 * ({@link ModelEngine#confinement()}) each wrapped in an {@link IsolatedEngine} that runs
 * it in a sandboxed worker process. Closing it stops the workers.
 */
public final class ConfinedEngines implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ConfinedEngines.class);

	private final List<ModelEngine> engines;

	private final List<IsolatedEngine> isolated;

	/** This instance's own part of the spool directory. */
	private final Path directory;

	/**
	 * @param engines the engines found
	 * @param sandbox how workers are confined
	 * @param heapBytes a worker's Java heap
	 * @param addressSpaceBytes a worker's virtual memory
	 * @param admissionTimeout the deadline of an admission or load in a worker
	 * @param predictionTimeout the deadline of a prediction in a worker
	 * @param spool where the server keeps its copies of the worker's models' files and
	 * the workers' private directories: each instance uses a directory of its own there,
	 * named after its process, and removes those of processes that no longer run
	 */
	public ConfinedEngines(List<ModelEngine> engines, SandboxMode sandbox, long heapBytes, long addressSpaceBytes,
			Duration admissionTimeout, Duration predictionTimeout, Path spool) {
		removeAbandoned(spool);
		this.directory = spool.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
		var all = new ArrayList<ModelEngine>();
		var confined = new ArrayList<IsolatedEngine>();
		for (ModelEngine engine : engines) {
			if (engine.confinement().isPresent()) {
				Confinement needs = engine.confinement().get();
				IsolationSettings settings = IsolationSettings.defaults(this.directory.resolve(engine.id()))
					.withSandbox(sandbox)
					.withMemory(heapBytes, addressSpaceBytes)
					.withDeadlines(admissionTimeout, predictionTimeout)
					.withRuntime(needs.runtimeDirectories(), needs.systemProperties());
				IsolatedEngine worker = new IsolatedEngine(engine, settings);
				log.info("Engine {} runs in a worker process ({})", engine.id(),
						worker.confined() ? "sandboxed by bubblewrap" : "NOT sandboxed: bubblewrap is unavailable");
				confined.add(worker);
				all.add(worker);
			}
			else {
				all.add(engine);
			}
		}
		this.engines = List.copyOf(all);
		this.isolated = List.copyOf(confined);
	}

	public List<ModelEngine> engines() {
		return this.engines;
	}

	/**
	 * The native memory a model holds in a worker, as the worker measured it; -1 for a
	 * model in this process.
	 */
	public static long workerBytes(LoadedModel model) {
		return (model instanceof IsolatedModel isolated) ? isolated.workerResidentBytes() : -1;
	}

	@Override
	public void close() {
		this.isolated.forEach(IsolatedEngine::close);
		FileTrees.deleteQuietly(this.directory);
	}

	/**
	 * Removes the directories that processes which no longer run left in the spool (a
	 * crash, a kill). Directories of this process (other application contexts) and of
	 * other live processes are kept.
	 */
	private static void removeAbandoned(Path spool) {
		if (!Files.isDirectory(spool)) {
			return;
		}
		try (var entries = Files.list(spool)) {
			entries.filter((entry) -> !running(entry.getFileName().toString())).forEach(FileTrees::deleteQuietly);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + spool, ex);
		}
	}

	private static boolean running(String directoryName) {
		int dash = directoryName.indexOf('-');
		try {
			long pid = Long.parseLong((dash < 0) ? directoryName : directoryName.substring(0, dash));
			return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
