package io.modelhost.drift;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserId;
import io.modelhost.drift.internal.RuleStore;
import io.modelhost.drift.internal.RuleStore.StoredRule;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.Permission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Drift alert rules and their scheduled evaluation: each rule's model's captured rows of
 * the rule's window are compared with its reference; crossing a threshold publishes
 * {@link DriftDetected} (webhooks' {@code drift.detected}) once, until a later evaluation
 * finds the traffic back below. A model without reference or with too few rows in the
 * window is not evaluated (its alert stays as it was).
 */
@Service
public class DriftAlerts {

	private static final Logger log = LoggerFactory.getLogger(DriftAlerts.class);

	private final RuleStore rules;

	private final Drift drift;

	private final ModelRegistry registry;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	DriftAlerts(RuleStore rules, Drift drift, ModelRegistry registry, Clock clock, ApplicationEventPublisher events) {
		this.rules = rules;
		this.drift = drift;
		this.registry = registry;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * The model's drift alert rule, and whether its alert is open.
	 * @throws ModelNotFoundException if the user cannot see the model
	 */
	public DriftRuleStatus rule(UserId user, ModelId id) {
		this.registry.get(user, id);
		return this.rules.find(id.value())
			.map((stored) -> new DriftRuleStatus(stored.rule(), stored.openSince()))
			.orElse(new DriftRuleStatus(DriftRule.NONE, null));
	}

	/**
	 * Sets the model's drift alert rule; its alert starts closed.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 */
	public DriftRuleStatus setRule(UserId user, ModelId id, DriftRule rule) {
		ModelAccess access = checkEdit(user, id);
		this.rules.save(id.value(), rule, this.clock.instant());
		this.events.publishEvent(new ActionTaken(user, access.model().owner(), "model.drift_rule.set", "model",
				id.value(), Map.of("psi", Objects.toString(rule.psi(), "none"), "share_drifted",
						Objects.toString(rule.shareDrifted(), "none"), "window", rule.window().toString())));
		return new DriftRuleStatus(rule, null);
	}

	/**
	 * Checks that the user may set the model's rule, before its values are read: whoever
	 * may not learns nothing from their validation.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 */
	public ModelAccess checkEdit(UserId user, ModelId id) {
		ModelAccess access = this.registry.access(user, id);
		if (!access.permission().allows(Permission.EDIT)) {
			throw new NotPermittedException(Permission.EDIT);
		}
		return access;
	}

	/**
	 * Evaluates every rule once.
	 * @return how many alerts were raised
	 */
	public int evaluate() {
		int raised = 0;
		for (StoredRule stored : this.rules.all()) {
			if (stored.rule().psi() == null && stored.rule().shareDrifted() == null) {
				continue;
			}
			try {
				raised += evaluate(stored) ? 1 : 0;
			}
			catch (NoReferenceException | NotEnoughRowsException | DriftNotSupportedException ex) {
				log.debug("Drift rule of model {} not evaluated: {}", stored.modelId(), ex.getMessage());
			}
			catch (RuntimeException ex) {
				log.warn("Could not evaluate the drift rule of model {}: {}", stored.modelId(), ex.toString());
			}
		}
		return raised;
	}

	private boolean evaluate(StoredRule stored) {
		Model model;
		try {
			model = this.registry.getAny(new ModelId(stored.modelId()));
		}
		catch (ModelNotFoundException ex) {
			return false;
		}
		if (model.archived()) {
			return false;
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant from = now.minus(stored.rule().window());
		DriftReport report = this.drift.ofCaptures(model.owner(), model.id(), from, now.plusMillis(1));
		if (!stored.rule().crossedBy(report)) {
			if (stored.openSince() != null) {
				this.rules.close(stored.modelId());
				log.info("Drift alert of model {} cleared", stored.modelId());
			}
			return false;
		}
		if (!this.rules.open(stored.modelId(), now)) {
			return false; // open already
		}
		double largest = report.features()
			.stream()
			.map(DriftReport.FeatureDrift::psi)
			.filter(Objects::nonNull)
			.mapToDouble(Double::doubleValue)
			.max()
			.orElse(0);
		var drifted = report.features()
			.stream()
			.filter(DriftReport.FeatureDrift::drifted)
			.map(DriftReport.FeatureDrift::feature)
			.toList();
		log.info("Drift detected for model {}: largest PSI {}, share drifted {} ({})", stored.modelId(), largest,
				report.shareDrifted(), drifted);
		this.events.publishEvent(
				new DriftDetected(model.owner(), stored.modelId(), largest, report.shareDrifted(), drifted, from, now));
		return true;
	}

}
