package io.modelhost.capture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.modelhost.DatabaseAvailability;
import io.modelhost.LookupCache;
import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserId;
import io.modelhost.capture.internal.CaptureStore;
import io.modelhost.capture.internal.CaptureWriter;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelDeleted;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.Permission;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.PredictionObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Payload capture: each model's settings, the sampling of answered rows on the prediction
 * path (a cached lookup when capture is off), and reading captured rows back for their
 * model's owner. Captures hold the decoded features and the answer, the version and the
 * time: never headers, keys or who called.
 */
@Service
public class Captures implements PredictionObserver {

	private static final Logger log = LoggerFactory.getLogger(Captures.class);

	/** The protocol name of predictions made by the platform itself, never captured. */
	public static final String INTERNAL_PROTOCOL = "internal";

	/** The most rows one page lists. */
	public static final int PAGE_SIZE = 100;

	/** The rows one export reads from the database at a time. */
	private static final int EXPORT_CHUNK = 1000;

	private final CaptureStore store;

	private final CaptureWriter writer;

	private final ModelRegistry registry;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CaptureProperties properties;

	private final LookupCache<String, CaptureSettings> settings;

	Captures(CaptureStore store, CaptureWriter writer, ModelRegistry registry, Clock clock,
			ApplicationEventPublisher events, CaptureProperties properties, DatabaseAvailability database) {
		this.store = store;
		this.writer = writer;
		this.registry = registry;
		this.clock = clock;
		this.events = events;
		this.properties = properties;
		this.settings = new LookupCache<>(database, properties.settingsTtl(), 100_000);
	}

	/**
	 * The model's capture settings; {@link CaptureSettings#OFF} if none were set.
	 * @throws ModelNotFoundException if the user cannot see the model
	 */
	public CaptureSettings settings(UserId user, ModelId id) {
		this.registry.get(user, id);
		return this.store.settings(id.value()).orElse(CaptureSettings.OFF);
	}

	/**
	 * Sets the model's capture settings, at once on this replica and within
	 * {@link CaptureProperties#settingsTtl()} on the others.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 */
	public CaptureSettings setSettings(UserId user, ModelId id, CaptureSettings settings) {
		ModelAccess access = require(user, id, Permission.EDIT);
		this.store.saveSettings(id.value(), settings, this.clock.instant());
		this.settings.invalidate(id.value());
		this.events.publishEvent(new ActionTaken(user, access.model().owner(), "model.capture.set", "model", id.value(),
				Map.of("enabled", Boolean.toString(settings.enabled()), "sample_rate",
						Double.toString(settings.sampleRate()), "retention_days",
						Integer.toString(settings.retentionDays()))));
		log.info("Capture of model {} set: enabled {}, sample rate {}, retention {} days", id, settings.enabled(),
				settings.sampleRate(), settings.retentionDays());
		return settings;
	}

	/**
	 * Checks that the user may set the model's capture, before the settings are read:
	 * whoever may not learns nothing from their validation.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 */
	public void checkEdit(UserId user, ModelId id) {
		require(user, id, Permission.EDIT);
	}

	/**
	 * One page of the model's captured rows in a window, newest first; for its owner.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user is not its owner
	 */
	public CapturePage list(UserId user, ModelId id, Instant from, Instant to, int page) {
		require(user, id, Permission.OWNER);
		if (page < 0 || page > 100_000) {
			throw new InvalidCaptureRequestException("page", "page must be in 0..100000 but was " + page);
		}
		long total = this.store.count(id.value(), from, to);
		return new CapturePage(this.store.newest(id.value(), from, to, page * PAGE_SIZE, PAGE_SIZE), page, PAGE_SIZE,
				total);
	}

	/**
	 * Checks that the user may export the model's captured rows; for its owner.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user is not its owner
	 */
	public void checkExport(UserId user, ModelId id) {
		require(user, id, Permission.OWNER);
	}

	/**
	 * Hands the window's captured rows, newest first, at most
	 * {@link CaptureProperties#maxExportRows()}, to {@code sink} a chunk at a time: the
	 * export never holds them all. Call {@link #checkExport} first.
	 */
	public void export(ModelId id, Instant from, Instant to, Consumer<List<CapturedPrediction>> sink) {
		long left = this.properties.maxExportRows();
		long before = Long.MAX_VALUE;
		while (left > 0) {
			List<CapturedPrediction> chunk = this.store.before(id.value(), from, to, before,
					(int) Math.min(EXPORT_CHUNK, left));
			if (chunk.isEmpty()) {
				return;
			}
			sink.accept(chunk);
			left -= chunk.size();
			before = chunk.getLast().id();
		}
	}

	/**
	 * The newest captured rows of the window, at most {@code max}, for an analysis the
	 * caller has checked access to.
	 */
	public List<CapturedPrediction> newest(ModelId id, Instant from, Instant to, int max) {
		return this.store.newest(id.value(), from, to, 0, max);
	}

	/** How many rows of the model the window holds. */
	public long count(ModelId id, Instant from, Instant to) {
		return this.store.count(id.value(), from, to);
	}

	@Override
	public void served(PredictionCall call, ModelSignature signature, ModelInput input, Prediction prediction) {
		ModelId model = call.modelId();
		if (model == null || INTERNAL_PROTOCOL.equals(call.protocol())) {
			return;
		}
		CaptureSettings current = this.settings.get(model.value(),
				(key) -> this.store.settings(key).orElse(CaptureSettings.OFF));
		if (!current.enabled() || current.sampleRate() == 0 || !(signature instanceof TabularSignature tabular
				&& input instanceof ModelInput.Rows rows && prediction instanceof Prediction.Values values)) {
			return; // tensor models are not captured
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < rows.rows().size(); i++) {
			if (random.nextDouble() >= current.sampleRate()) {
				continue;
			}
			@Nullable Object[] row = rows.rows().get(i);
			var features = new LinkedHashMap<String, @Nullable Object>();
			for (int f = 0; f < tabular.features().size(); f++) {
				features.put(tabular.features().get(f).name(), row[f]);
			}
			List<double[]> probabilities = values.probabilities();
			this.writer.offer(new CapturedPrediction(0, model.value(), call.modelVersion(), now, features,
					values.values().get(i), (probabilities != null) ? boxed(probabilities.get(i)) : null));
		}
	}

	/**
	 * Deletes captured rows older than their model's retention.
	 * @return how many were deleted
	 */
	public int purge() {
		Instant now = this.clock.instant();
		int deleted = 0;
		for (Map.Entry<String, Integer> retention : this.store.retentions().entrySet()) {
			deleted += this.store.deleteBefore(retention.getKey(), now.minus(Duration.ofDays(retention.getValue())));
		}
		if (deleted > 0) {
			log.info("Deleted {} captured rows past their retention", deleted);
		}
		return deleted;
	}

	/** A deleted model's captures go with it. */
	@EventListener
	void on(ModelDeleted deleted) {
		this.store.deleteModel(deleted.id().value());
		this.settings.invalidate(deleted.id().value());
	}

	private ModelAccess require(UserId user, ModelId id, Permission needed) {
		ModelAccess access = this.registry.access(user, id);
		if (!access.permission().allows(needed)) {
			throw new NotPermittedException(needed);
		}
		return access;
	}

	private static List<Double> boxed(double[] values) {
		var boxed = new ArrayList<Double>(values.length);
		for (double value : values) {
			boxed.add(value);
		}
		return boxed;
	}

}
