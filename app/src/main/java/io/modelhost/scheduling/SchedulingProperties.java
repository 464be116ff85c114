package io.modelhost.scheduling;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How predictions are queued, batched and bounded in time.
 *
 * @param queueCapacity predictions a model's queue holds before new ones get 503 (default
 * 100)
 * @param workers threads that run one model's predictions at once (default: the number of
 * processors)
 * @param maxBatchSize the most requests stacked into one batch for a tensor model
 * (default 32; 1 turns batching off)
 * @param maxBatchDelay how long the first request of a batch waits for others (default
 * 2ms)
 * @param deadline how long a prediction may take, queueing included, before it gets 504
 * (default 10s)
 * @param drainTimeout how long a shutdown waits for running predictions (default 20s)
 * @param models per-model overrides, keyed by model id or by model name
 */
@ConfigurationProperties("modelhost.scheduling")
public record SchedulingProperties(@DefaultValue("100") int queueCapacity, @Nullable Integer workers,
		@DefaultValue("32") int maxBatchSize, @DefaultValue("2ms") Duration maxBatchDelay,
		@DefaultValue("10s") Duration deadline, @DefaultValue("20s") Duration drainTimeout,
		Map<String, Overrides> models) {

	public SchedulingProperties {
		require(queueCapacity >= 1, "queueCapacity must be >= 1 but was " + queueCapacity);
		require(workers == null || workers >= 1, "workers must be >= 1 but was " + workers);
		require(maxBatchSize >= 1, "maxBatchSize must be >= 1 but was " + maxBatchSize);
		require(!maxBatchDelay.isNegative(), "maxBatchDelay must not be negative but was " + maxBatchDelay);
		require(deadline.isPositive(), "deadline must be positive but was " + deadline);
		models = (models != null) ? Map.copyOf(models) : Map.of();
	}

	/**
	 * The settings for one model: its overrides (by id, else by name) over the defaults.
	 */
	public ModelSettings settingsFor(String modelId, String modelName) {
		Overrides o = this.models.getOrDefault(modelId, this.models.getOrDefault(modelName, Overrides.NONE));
		int defaultWorkers = (this.workers != null) ? this.workers : Runtime.getRuntime().availableProcessors();
		return new ModelSettings((o.queueCapacity() != null) ? o.queueCapacity() : this.queueCapacity,
				(o.workers() != null) ? o.workers() : defaultWorkers,
				(o.maxBatchSize() != null) ? o.maxBatchSize() : this.maxBatchSize,
				(o.maxBatchDelay() != null) ? o.maxBatchDelay() : this.maxBatchDelay,
				(o.deadline() != null) ? o.deadline() : this.deadline);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/** Per-model values; null keeps the default. */
	public record Overrides(@Nullable Integer queueCapacity, @Nullable Integer workers, @Nullable Integer maxBatchSize,
			@Nullable Duration maxBatchDelay, @Nullable Duration deadline) {

		static final Overrides NONE = new Overrides(null, null, null, null, null);

	}

}
