package io.modelhost.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserId;
import io.modelhost.monitoring.internal.AlertStore;
import io.modelhost.monitoring.internal.UsageWindow;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelVersionFailed;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.Permission;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.util.IdGenerator;

/**
 * Alert thresholds per model endpoint, and their evaluation: every sample interval each
 * rule's metrics are measured (CPU and memory from the latest resource sample, error rate
 * and p95 latency from the usage records of the rule's window); a value above its
 * threshold raises an alert, published once as {@link AlertRaised}, which stays open
 * until the value is back at or below the threshold.
 */
@Service
public class Alerts {

	private static final Logger log = LoggerFactory.getLogger(Alerts.class);

	private static final double MIB = 1024 * 1024;

	private final AlertStore store;

	private final UsageWindow usage;

	private final ResourceMonitor resources;

	private final ModelRegistry registry;

	private final Clock clock;

	private final IdGenerator ids;

	private final ApplicationEventPublisher events;

	Alerts(AlertStore store, UsageWindow usage, ResourceMonitor resources, ModelRegistry registry, Clock clock,
			IdGenerator ids, ApplicationEventPublisher events) {
		this.store = store;
		this.usage = usage;
		this.resources = resources;
		this.registry = registry;
		this.clock = clock;
		this.ids = ids;
		this.events = events;
	}

	/**
	 * The model's alert rule; {@link AlertRule#NONE} if none was set.
	 * @throws ModelNotFoundException if the user cannot see the model
	 */
	public AlertRule rule(UserId user, ModelId id) {
		this.registry.get(user, id);
		return this.store.rule(id.value()).orElse(AlertRule.NONE);
	}

	/**
	 * Sets the model's alert rule, replacing the one it had. Alerts of metrics no longer
	 * watched clear at the next evaluation.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 */
	public AlertRule setRule(UserId user, ModelId id, AlertRule rule) {
		ModelAccess access = this.registry.access(user, id);
		if (access.model().archived()) {
			throw new ModelNotFoundException();
		}
		if (!access.permission().allows(Permission.EDIT)) {
			throw new NotPermittedException(Permission.EDIT);
		}
		this.store.saveRule(id.value(), rule, user.value(), this.clock.instant());
		var details = new TreeMap<String, String>();
		for (AlertMetric metric : AlertMetric.values()) {
			if (!metric.ruled()) {
				continue;
			}
			Double threshold = rule.threshold(metric);
			details.put(metric.label(), (threshold != null) ? threshold.toString() : "none");
		}
		details.put("window", rule.window().toString());
		this.events.publishEvent(
				new ActionTaken(user, access.model().owner(), "model.alert_rules.set", "model", id.value(), details));
		return rule;
	}

	/**
	 * The model's alerts, newest first, at most {@link AlertStore#MAX_LISTED}.
	 * @param openOnly only those still open
	 * @throws ModelNotFoundException if the user cannot see the model
	 */
	public List<Alert> alerts(UserId user, ModelId id, boolean openOnly) {
		this.registry.get(user, id);
		return this.store.alerts(id.value(), openOnly);
	}

	/**
	 * Checks every rule once, raising and clearing alerts.
	 * @return how many alerts were raised
	 */
	public int evaluate() {
		int raised = 0;
		for (AlertStore.ModelRule modelRule : this.store.rules()) {
			try {
				raised += evaluate(modelRule.modelId(), modelRule.rule());
			}
			catch (RuntimeException ex) {
				log.warn("Could not evaluate the alert rule of model {}: {}", modelRule.modelId(), ex.toString());
			}
		}
		return raised;
	}

	private int evaluate(String modelId, AlertRule rule) {
		// as stored: the event tells the same instant as the alert
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Map<AlertMetric, Double> values = measure(modelId, rule, now);
		var opened = new EnumMap<AlertMetric, Alert>(AlertMetric.class);
		this.store.alerts(modelId, true).forEach((alert) -> opened.put(alert.metric(), alert));
		int raised = 0;
		for (AlertMetric metric : AlertMetric.values()) {
			if (!metric.ruled()) {
				continue; // raised by the platform, never cleared by a rule
			}
			Double threshold = rule.threshold(metric);
			double value = values.getOrDefault(metric, 0.0);
			Optional<Alert> open = Optional.ofNullable(opened.get(metric));
			if (threshold != null && value > threshold) {
				if (open.isEmpty() && raise(modelId, metric, threshold, value, now)) {
					raised++;
				}
			}
			else if (open.isPresent() && this.store.clear(open.get().id(), value, now)) {
				log.info("Alert {} of model {} cleared: {} is {}", open.get().id(), modelId, metric.label(), value);
			}
		}
		return raised;
	}

	/** The rule's metrics now; a metric without requests or samples is 0. */
	private Map<AlertMetric, Double> measure(String modelId, AlertRule rule, Instant now) {
		var values = new EnumMap<AlertMetric, Double>(AlertMetric.class);
		this.resources.latest(modelId).ifPresent((sample) -> {
			values.put(AlertMetric.CPU_PERCENT, sample.cpuPercent());
			values.put(AlertMetric.MEMORY_MB, sample.memoryBytes() / MIB);
		});
		if (rule.errorRate() != null || rule.p95LatencyMs() != null) {
			UsageWindow.Stats stats = this.usage.stats(modelId, now.minus(rule.window()));
			values.put(AlertMetric.ERROR_RATE, stats.errorRate());
			if (stats.p95LatencyMs() != null) {
				values.put(AlertMetric.P95_LATENCY_MS, stats.p95LatencyMs());
			}
		}
		return values;
	}

	private boolean raise(String modelId, AlertMetric metric, double threshold, double value, Instant now) {
		@Nullable Model model = live(modelId);
		if (model == null) {
			return false;
		}
		var alert = new Alert(this.ids.generateId().toString(), modelId, metric, threshold, value, now, null, null);
		if (!this.store.raise(alert)) {
			return false;
		}
		log.info("Alert {} raised for model {}: {} is {}, above {}", alert.id(), modelId, metric.label(), value,
				threshold);
		this.events
			.publishEvent(new AlertRaised(model.owner(), modelId, alert.id(), metric.label(), threshold, value, now));
		return true;
	}

	/**
	 * A version's stored file is damaged: an alert ({@code damaged_file}, its value the
	 * version's number) for the owner, and its webhooks' {@code alert.raised}, whatever
	 * the model's rule.
	 */
	@EventListener
	void on(ModelVersionFailed failed) {
		String modelId = failed.model().value();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		var alert = new Alert(this.ids.generateId().toString(), modelId, AlertMetric.DAMAGED_FILE, 0, failed.version(),
				now, null, null);
		if (!this.store.raise(alert)) {
			log.info("Model {} version {} failed; its damaged_file alert is open already", modelId, failed.version());
			return;
		}
		log.warn("Alert {} raised for model {}: version {} failed: {}", alert.id(), modelId, failed.version(),
				failed.reason());
		this.events.publishEvent(new AlertRaised(failed.owner(), modelId, alert.id(), AlertMetric.DAMAGED_FILE.label(),
				0, failed.version(), now));
	}

	private @Nullable Model live(String modelId) {
		try {
			Model model = this.registry.getAny(new ModelId(modelId));
			return model.archived() ? null : model;
		}
		catch (ModelNotFoundException ex) {
			return null;
		}
	}

	/**
	 * Deletes alerts cleared longer ago than the alert retention.
	 * @return how many were deleted
	 */
	int purge(Duration retention) {
		return this.store.deleteClearedBefore(this.clock.instant().minus(retention));
	}

}
