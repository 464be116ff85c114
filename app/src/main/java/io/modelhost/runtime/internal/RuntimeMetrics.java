package io.modelhost.runtime.internal;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.modelhost.runtime.MemoryFootprint;

/**
 * The runtime's metrics, in the one schema every format shares: how many models are
 * loaded, what each holds ({@code modelhost.model.memory}, by kind heap or native), and
 * how long loads take ({@code modelhost.model.load}). Labels: model id, version, engine,
 * format; never a user or a key.
 */
public final class RuntimeMetrics {

	private final MeterRegistry registry;

	private final LoadedModels loaded;

	/** The labels of each loaded model, by key. */
	private final Map<String, Tags> labels = new ConcurrentHashMap<>();

	private final MultiGauge memory;

	public RuntimeMetrics(MeterRegistry registry, LoadedModels loaded) {
		this.registry = registry;
		this.loaded = loaded;
		Gauge.builder("modelhost.models.loaded", loaded, LoadedModels::size)
			.description("Models loaded in this process")
			.register(registry);
		this.memory = MultiGauge.builder("modelhost.model.memory")
			.description("Memory a loaded model was measured to hold")
			.baseUnit("bytes")
			.register(registry);
	}

	/** A model was loaded (or installed at admission) and measured. */
	public void loaded(String key, String model, int version, String engine, String format, MemoryFootprint footprint) {
		Tags tags = Tags.of("model", model, "version", Integer.toString(version));
		this.labels.put(key, tags);
		Timer.builder("modelhost.model.load")
			.description("Time to load a model")
			.tags(tags.and("engine", engine, "format", format))
			.register(this.registry)
			.record(footprint.loadMillis(), TimeUnit.MILLISECONDS);
		refresh();
	}

	/** Drops the rows of models no longer loaded and registers the others'. */
	public void refresh() {
		this.labels.keySet().removeIf((key) -> this.loaded.footprint(key).isEmpty());
		var rows = new ArrayList<MultiGauge.Row<?>>();
		this.labels.forEach((key, tags) -> {
			rows.add(MultiGauge.Row.of(tags.and("kind", "heap"), this,
					(metrics) -> metrics.bytes(key, MemoryFootprint::heapBytes)));
			rows.add(MultiGauge.Row.of(tags.and("kind", "native"), this,
					(metrics) -> metrics.bytes(key, MemoryFootprint::nativeBytes)));
		});
		this.memory.register(rows, true);
	}

	private double bytes(String key, java.util.function.ToLongFunction<MemoryFootprint> part) {
		return this.loaded.footprint(key).map((f) -> (double) Math.max(0, part.applyAsLong(f))).orElse(Double.NaN);
	}

}
