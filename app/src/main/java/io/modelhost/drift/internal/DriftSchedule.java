package io.modelhost.drift.internal;

import java.time.Duration;

import io.modelhost.drift.DriftAlerts;
import io.modelhost.drift.DriftProperties;
import io.modelhost.jobs.RecurringWork;

import org.springframework.stereotype.Component;

/**
 * Evaluates drift alert rules every alert interval, once across replicas (an alert also
 * opens once, by a conditional update).
 */
@Component
class DriftSchedule implements RecurringWork {

	private final DriftAlerts alerts;

	private final DriftProperties properties;

	DriftSchedule(DriftAlerts alerts, DriftProperties properties) {
		this.alerts = alerts;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "drift-alerts";
	}

	@Override
	public Duration every() {
		return this.properties.alertInterval();
	}

	@Override
	public void run() {
		this.alerts.evaluate();
	}

}
