package io.modelhost.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelhost.accounts.UserId;
import io.modelhost.monitoring.internal.ProcessResources;
import io.modelhost.monitoring.internal.ResourceStore;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.runtime.LoadedVersion;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.scheduling.ModelScheduler;
import io.modelhost.scheduling.QueueUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Samples each model endpoint's resources (CPU time of its predictions, memory of its
 * loaded versions, queue depth) and the process's, every
 * {@code modelhost.monitoring.sample-interval}, and keeps them as time series for
 * {@code modelhost.monitoring.retention}. Models not loaded, with nothing queued and no
 * CPU time since the previous sample, are not sampled: they use nothing.
 */
@Service
public class ResourceMonitor {

	private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);

	/** The most samples one series returns: the newest. */
	public static final int MAX_SAMPLES = 10_000;

	private final ModelScheduler scheduler;

	private final ModelRuntime runtime;

	private final ModelRegistry registry;

	private final ResourceStore store;

	private final MonitoringProperties properties;

	private final Clock clock;

	// Guarded by this: the CPU time of each queue at the previous sample, when it was
	// taken, and its instant (each sample's instant is later than the one before).
	private Map<String, Long> previousCpu = Map.of();

	private long previousNanos;

	private Instant previousAt = Instant.EPOCH;

	/** The latest sample of each model sampled then, for the alert rules. */
	private volatile Map<String, ResourceSample> latest = Map.of();

	ResourceMonitor(ModelScheduler scheduler, ModelRuntime runtime, ModelRegistry registry, ResourceStore store,
			MonitoringProperties properties, Clock clock) {
		this.scheduler = scheduler;
		this.runtime = runtime;
		this.registry = registry;
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Takes and stores one sample of every loaded or queued model and of the process.
	 * @return the models' samples
	 */
	public synchronized List<ResourceSample> sample() {
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (!at.isAfter(this.previousAt)) {
			at = this.previousAt.plus(1, ChronoUnit.MICROS);
		}
		long nanos = System.nanoTime();
		long elapsed = (this.previousNanos != 0) ? Math.max(1, nanos - this.previousNanos)
				: this.properties.sampleInterval().toNanos();
		var totals = new HashMap<String, Totals>();
		var cpuNow = new HashMap<String, Long>();
		int queued = 0;
		for (QueueUsage queue : this.scheduler.usage()) {
			long before = this.previousCpu.getOrDefault(queue.artifactKey(), 0L);
			// a queue dropped and made again counts from 0
			long spent = (queue.cpuNanos() >= before) ? queue.cpuNanos() - before : queue.cpuNanos();
			cpuNow.put(queue.artifactKey(), queue.cpuNanos());
			if (spent == 0 && queue.depth() == 0) {
				continue; // queues outlive their models: an unused one is no reason to
							// sample
			}
			Totals model = totals.computeIfAbsent(queue.modelId(), (id) -> new Totals());
			model.cpuNanos += spent;
			model.depth += queue.depth();
			queued += queue.depth();
		}
		List<LoadedVersion> loaded = this.runtime.loaded();
		for (LoadedVersion version : loaded) {
			Totals model = totals.computeIfAbsent(version.modelId(), (id) -> new Totals());
			model.heap += version.footprint().heapBytes();
			model.nativeBytes += Math.max(0, version.footprint().nativeBytes());
			model.loaded = true;
		}
		double machine = (double) elapsed * Runtime.getRuntime().availableProcessors();
		var samples = new HashMap<String, ResourceSample>();
		for (Map.Entry<String, Totals> entry : totals.entrySet()) {
			Totals model = entry.getValue();
			samples.put(entry.getKey(),
					new ResourceSample(entry.getKey(), at, Math.min(100, model.cpuNanos / machine * 100),
							model.cpuNanos / 1e9, model.heap, model.nativeBytes, model.depth, model.loaded));
		}
		var platform = new PlatformSample(at, ProcessResources.cpuPercent(), ProcessResources.rssBytes(),
				ProcessResources.heapUsedBytes(), loaded.size(), queued);
		this.store.insert(List.copyOf(samples.values()), platform);
		this.previousCpu = cpuNow;
		this.previousNanos = nanos;
		this.previousAt = at;
		this.latest = Map.copyOf(samples);
		return List.copyOf(samples.values());
	}

	/**
	 * The model's sample from the latest sampling, if it was sampled then (if not, it
	 * used nothing).
	 */
	public Optional<ResourceSample> latest(String modelId) {
		return Optional.ofNullable(this.latest.get(modelId));
	}

	/**
	 * A model's samples in [from, to), oldest first: the newest {@link #MAX_SAMPLES} of
	 * them.
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 */
	public ResourceSeries series(UserId user, ModelId id, Instant from, Instant to) {
		this.registry.get(user, id);
		return new ResourceSeries(this.store.find(id.value(), from, to, MAX_SAMPLES),
				this.store.latest(id.value()).orElse(null));
	}

	/**
	 * A model's latest sample, if it was ever sampled.
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 */
	public Optional<ResourceSample> current(UserId user, ModelId id) {
		this.registry.get(user, id);
		return this.store.latest(id.value());
	}

	/**
	 * The process's samples in [from, to), oldest first: the newest {@link #MAX_SAMPLES}.
	 */
	public List<PlatformSample> platform(Instant from, Instant to) {
		return this.store.findPlatform(from, to, MAX_SAMPLES);
	}

	/** How often samples are taken. */
	public Duration interval() {
		return this.properties.sampleInterval();
	}

	/**
	 * Deletes samples older than the retention period.
	 * @return how many were deleted
	 */
	public int purge() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		int deleted = this.store.deleteBefore(cutoff);
		if (deleted > 0) {
			log.info("Purged {} resource samples older than {}", deleted, cutoff);
		}
		return deleted;
	}

	private static final class Totals {

		long cpuNanos;

		long heap;

		long nativeBytes;

		int depth;

		boolean loaded;

	}

}
