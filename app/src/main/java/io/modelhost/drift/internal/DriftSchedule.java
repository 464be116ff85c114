package io.modelhost.drift.internal;

import io.modelhost.drift.DriftAlerts;
import io.modelhost.drift.DriftProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Evaluates drift alert rules every alert interval. Every replica runs it: an alert opens
 * once (a conditional update), so two replicas tell once.
 */
@Configuration(proxyBeanMethods = false)
class DriftSchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

	private final DriftAlerts alerts;

	private final DriftProperties properties;

	DriftSchedule(DriftAlerts alerts, DriftProperties properties) {
		this.alerts = alerts;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(() -> {
			try {
				this.alerts.evaluate();
			}
			catch (RuntimeException ex) {
				log.warn("Drift alert evaluation failed: {}", ex.toString(), ex);
			}
		}, this.properties.alertInterval());
	}

}
