package io.modelhost.monitoring;

import java.time.Duration;

import io.modelhost.jobs.RecurringWork;

import org.springframework.stereotype.Component;

/** Deletes old resource samples and closed alerts hourly, once across replicas. */
@Component
class MonitoringPurge implements RecurringWork {

	private final ResourceMonitor resources;

	private final Alerts alerts;

	private final MonitoringProperties properties;

	MonitoringPurge(ResourceMonitor resources, Alerts alerts, MonitoringProperties properties) {
		this.resources = resources;
		this.alerts = alerts;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "monitoring-purge";
	}

	@Override
	public Duration every() {
		return Duration.ofHours(1);
	}

	@Override
	public void run() {
		this.resources.purge();
		this.alerts.purge(this.properties.alertRetention());
	}

}
