package io.modelhost.engine.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.PredictionFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A worker that dies, is killed or misses a deadline costs the calls in flight, never the
 * server, and the next call finds a new worker with the model loaded again.
 */
class WorkerLifecycleTests {

	@TempDir
	Path spool;

	@TempDir
	Path work;

	private IsolatedEngine engine;

	@AfterEach
	void close() {
		if (this.engine != null) {
			this.engine.close();
		}
	}

	@Test
	void reloadsTheModelInANewWorkerAfterTheOldOneIsKilled() throws Exception {
		this.engine = new IsolatedEngine(new ProbeEngine(), TestWorkers.auto(this.spool));
		LoadedModel model = ProbeModels.admit(this.engine, this.work);
		assertThat(ProbeModels.attempt(model, "write-file /tmp/a")).startsWith("ok");
		long first = this.engine.workerPid().orElseThrow();
		killHard(first);
		// the sandbox's own process outlives the worker's JVM by a moment: a call made
		// before the engine sees the worker gone meets it dead (another test covers that)
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.engine.workerPid().isPresent() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(ProbeModels.attempt(model, "write-file /tmp/b")).startsWith("ok");
		assertThat(this.engine.workerPid()).isPresent().isNotEqualTo(java.util.OptionalLong.of(first));
		model.close();
	}

	@Test
	void failsAPredictionInFlightWhenTheWorkerIsKilled() throws Exception {
		this.engine = new IsolatedEngine(new ProbeEngine(), TestWorkers.auto(this.spool));
		LoadedModel model = ProbeModels.admit(this.engine, this.work);
		var inFlight = CompletableFuture.supplyAsync(() -> ProbeModels.attempt(model, "sleep 60000"));
		Thread.sleep(500);
		assertThat(inFlight).isNotDone();
		killHard(this.engine.workerPid().orElseThrow());
		assertThat(inFlight).failsWithin(5, TimeUnit.SECONDS)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(PredictionFailedException.class)
			.withMessageContaining("worker process stopped");
		assertThat(ProbeModels.attempt(model, "sleep 1")).isEqualTo("ok: slept");
	}

	@Test
	void killsTheWorkerWhenAPredictionPassesItsDeadline() {
		this.engine = new IsolatedEngine(new ProbeEngine(),
				TestWorkers.auto(this.spool).withDeadlines(Duration.ofSeconds(30), Duration.ofSeconds(1)));
		LoadedModel model = ProbeModels.admit(this.engine, this.work);
		long before = this.engine.workerPid().orElseThrow();
		long started = System.nanoTime();
		assertThatExceptionOfType(PredictionFailedException.class)
			.isThrownBy(() -> ProbeModels.attempt(model, "sleep 60000"))
			.withMessageContaining("took too long");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		ProcessHandle.of(before)
			.ifPresent((process) -> assertThat(process.onExit()).succeedsWithin(Duration.ofSeconds(5)));
		assertThat(ProbeModels.attempt(model, "sleep 1")).isEqualTo("ok: slept");
	}

	@Test
	void restartsAWorkerWhoseHeapAModelFilled() {
		this.engine = new IsolatedEngine(new ProbeEngine(), TestWorkers.auto(this.spool));
		LoadedModel model = ProbeModels.admit(this.engine, this.work);
		assertThatExceptionOfType(PredictionFailedException.class)
			.isThrownBy(() -> ProbeModels.attempt(model, "allocate-heap"))
			.withMessageContaining("worker process stopped");
		assertThat(ProbeModels.attempt(model, "sleep 1")).isEqualTo("ok: slept");
	}

	/** {@code kill -9}, as an operator or the kernel's OOM killer would. */
	static void killHard(long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
		ProcessHandle.of(pid).ifPresent((process) -> process.onExit().join());
	}

}
