package io.modelhost.scheduling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.engine.ModelInput;
import io.modelhost.runtime.Artifact;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.scheduling.internal.ModelQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Runs predictions through each model's own queue: one model flooded with requests fills
 * its own queue and gets 503s while the others keep serving.
 */
@Service
public class ModelScheduler {

	private static final Logger log = LoggerFactory.getLogger(ModelScheduler.class);

	private final ModelRuntime runtime;

	private final SchedulingProperties properties;

	/** By artifact key: one queue per loaded model version. */
	private final Map<String, ModelQueue> queues = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	private final Map<String, Gauge> depthGauges = new ConcurrentHashMap<>();

	private final Map<String, FunctionCounter> cpuCounters = new ConcurrentHashMap<>();

	/** By artifact key: the model and version each queue serves. */
	private final Map<String, Artifact> artifacts = new ConcurrentHashMap<>();

	private volatile boolean shuttingDown;

	public ModelScheduler(ModelRuntime runtime, SchedulingProperties properties, MeterRegistry meters) {
		this.runtime = runtime;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Predicts through the model's queue and waits for the answer, at most until the
	 * model's deadline.
	 * @param modelId the model, for its settings
	 * @param modelName its name, for settings given by name
	 * @param artifact what to load
	 * @param input a batch already checked against the model's signature
	 * @throws QueueFullException if the model's queue is full
	 * @throws DeadlineExceededException if the deadline passes first; a request still
	 * queued is taken out
	 * @throws ShuttingDownException if the server is shutting down
	 * @throws io.modelhost.engine.EngineException as the engine throws it
	 */
	public Outcome predict(String modelId, String modelName, Artifact artifact, ModelInput input) {
		if (this.shuttingDown) {
			throw new ShuttingDownException();
		}
		ModelQueue queue = this.queues.computeIfAbsent(artifact.key(), (key) -> {
			var created = new ModelQueue(key.substring(0, Math.min(8, key.length())),
					this.properties.settingsFor(modelId, modelName), () -> this.runtime.lease(artifact));
			this.depthGauges.put(key,
					Gauge.builder("modelhost.queue.depth", created, ModelQueue::depth)
						.description("Predictions waiting in a model's queue")
						.tags("model", artifact.model(), "version", Integer.toString(artifact.version()))
						.register(this.meters));
			this.cpuCounters.put(key,
					FunctionCounter.builder("modelhost.model.cpu", created, (counted) -> counted.cpuNanos() / 1e9)
						.description("CPU time spent in a model's predictions, on the worker threads")
						.baseUnit("seconds")
						.tags("model", artifact.model(), "version", Integer.toString(artifact.version()))
						.register(this.meters));
			this.artifacts.put(key, artifact);
			return created;
		});
		Duration deadline = queue.settings().deadline();
		CompletableFuture<Outcome> result = queue.submit(input, System.nanoTime() + deadline.toNanos());
		try {
			return result.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | CancellationException ex) {
			queue.cancel(result);
			throw new DeadlineExceededException(deadline);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			queue.cancel(result);
			throw new DeadlineExceededException(deadline);
		}
	}

	/** Requests waiting for the model version under the key. */
	public int queueDepth(String artifactKey) {
		ModelQueue queue = this.queues.get(artifactKey);
		return (queue != null) ? queue.depth() : 0;
	}

	/**
	 * What each model version's queue holds and has used, for monitoring: one entry per
	 * queue, that is per version predicted since it was last dropped.
	 */
	public List<QueueUsage> usage() {
		var usage = new ArrayList<QueueUsage>(this.queues.size());
		this.queues.forEach((key, queue) -> {
			Artifact artifact = this.artifacts.get(key);
			if (artifact != null) {
				usage.add(new QueueUsage(key, artifact.model(), artifact.version(), queue.depth(), queue.cpuNanos()));
			}
		});
		return usage;
	}

	/**
	 * Drops the queue of a model version that no longer serves; queued requests still
	 * run.
	 */
	public void forget(String artifactKey) {
		ModelQueue queue = this.queues.remove(artifactKey);
		if (queue != null) {
			queue.close();
		}
		Gauge depth = this.depthGauges.remove(artifactKey);
		if (depth != null) {
			this.meters.remove(depth);
		}
		FunctionCounter cpu = this.cpuCounters.remove(artifactKey);
		if (cpu != null) {
			this.meters.remove(cpu);
		}
		this.artifacts.remove(artifactKey);
	}

	/**
	 * Refuses new predictions and waits for queued and running ones to finish, at most
	 * the drain timeout.
	 * @return whether everything finished in time
	 */
	public boolean drain() {
		this.shuttingDown = true;
		this.queues.values().forEach(ModelQueue::close);
		long deadline = System.nanoTime() + this.properties.drainTimeout().toNanos();
		try {
			for (ModelQueue queue : this.queues.values()) {
				if (!queue.awaitIdle(deadline)) {
					log.warn("Shutdown: predictions still running after {}", this.properties.drainTimeout());
					return false;
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Takes predictions again after a {@link #drain()}: the context was stopped and
	 * started again rather than closed. The drained queues are dropped; new ones are made
	 * on demand.
	 */
	public void resume() {
		List.copyOf(this.queues.keySet()).forEach(this::forget);
		this.shuttingDown = false;
	}

	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

}
