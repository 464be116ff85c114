package io.modelhost.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.modelhost.accounts.UserId;
import io.modelhost.monitoring.MonitoringProperties.IdleAction;
import io.modelhost.monitoring.internal.IdleStore;
import io.modelhost.monitoring.internal.UsageWindow;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelPage;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelStatus;
import io.modelhost.usage.PredictionRecorded;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Finds active models nobody has called for {@code modelhost.monitoring.idle.after}:
 * flags each once per idle stretch, publishes {@link ModelWentIdle}, and with the
 * {@code archive} action archives it (which unloads it). A prediction clears the flag.
 */
@Service
public class IdleModels {

	private static final Logger log = LoggerFactory.getLogger(IdleModels.class);

	private static final int PAGE = 100;

	private final IdleStore store;

	private final UsageWindow usage;

	private final ModelRegistry registry;

	private final MonitoringProperties.Idle properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	/**
	 * The ids of the models flagged, so that a prediction clears a flag at the cost of a
	 * set lookup; flags set by another replica are cleared by its next check.
	 */
	private final Set<String> flagged = ConcurrentHashMap.newKeySet();

	IdleModels(IdleStore store, UsageWindow usage, ModelRegistry registry, MonitoringProperties properties, Clock clock,
			ApplicationEventPublisher events) {
		this.store = store;
		this.usage = usage;
		this.registry = registry;
		this.properties = properties.idle();
		this.clock = clock;
		this.events = events;
	}

	/**
	 * The model's idle flag, if it is flagged.
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 */
	public Optional<IdleFlag> flag(UserId user, ModelId id) {
		this.registry.get(user, id);
		return this.store.find(id.value());
	}

	/**
	 * Checks every active model as of now.
	 * @return how many were newly flagged
	 */
	public int check() {
		return check(this.clock.instant());
	}

	/**
	 * Checks every active model as of an instant: one that has had no prediction, and no
	 * change, since {@code asOf} less the idle period is flagged; one flagged that has
	 * been used or changed since is unflagged.
	 * @return how many were newly flagged
	 */
	int check(Instant asOf) {
		if (!this.properties.enabled()) {
			return 0;
		}
		// as stored: the event tells the same instant as the flag
		asOf = asOf.truncatedTo(ChronoUnit.MICROS);
		Instant threshold = asOf.minus(this.properties.after());
		// all first: archiving changes the pages
		List<Model> models = activeModels();
		int newlyFlagged = 0;
		for (Model model : models) {
			String id = model.id().value();
			Optional<Instant> lastUsed = this.usage.lastUsed(id);
			Instant since = lastUsed.filter((used) -> used.isAfter(model.updatedAt())).orElse(model.updatedAt());
			if (!since.isBefore(threshold)) {
				if (this.store.clear(id)) {
					this.flagged.remove(id);
					log.info("Model {} no longer idle", id);
				}
				continue;
			}
			if (flag(model, since, lastUsed.orElse(null), asOf)) {
				newlyFlagged++;
			}
		}
		return newlyFlagged;
	}

	private boolean flag(Model model, Instant since, @Nullable Instant lastUsed, Instant asOf) {
		String id = model.id().value();
		if (!this.store.flag(new IdleFlag(id, since, asOf, lastUsed, false))) {
			return false; // flagged in an earlier check
		}
		this.flagged.add(id);
		boolean archived = false;
		if (this.properties.action() == IdleAction.ARCHIVE) {
			try {
				this.registry.archive(model.owner(), model.id());
				this.store.markArchived(id);
				archived = true;
			}
			catch (RuntimeException ex) {
				log.warn("Could not archive idle model {}: {}", id, ex.toString());
			}
		}
		log.info("Model {} idle since {}{}", id, since, archived ? ": archived" : "");
		this.events.publishEvent(new ModelWentIdle(model.owner(), id, lastUsed, archived, asOf));
		return true;
	}

	private List<Model> activeModels() {
		var models = new ArrayList<Model>();
		for (int page = 0;; page++) {
			ModelPage found = this.registry.listAll(null,
					new ModelQuery(null, ModelStatus.ACTIVE, null, ModelQuery.Sort.CREATED_AT, false, page, PAGE));
			models.addAll(found.models());
			if (found.models().size() < PAGE) {
				return models;
			}
		}
	}

	/** A prediction ends the model's idle stretch. */
	@EventListener
	void on(PredictionRecorded recorded) {
		String id = recorded.record().modelId();
		if (this.flagged.contains(id) && this.flagged.remove(id)) {
			this.store.clear(id);
			log.info("Model {} called again: no longer idle", id);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void loadFlags() {
		this.flagged.addAll(this.store.flaggedIds());
	}

}
