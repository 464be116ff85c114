package io.modelhost.monitoring.internal;

import io.modelhost.registry.ModelDeleted;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Deletes a deleted model's samples, alert rule, alerts and idle flag. */
@Component
class MonitoringCleanup {

	private final ResourceStore resources;

	private final AlertStore alerts;

	private final IdleStore idle;

	MonitoringCleanup(ResourceStore resources, AlertStore alerts, IdleStore idle) {
		this.resources = resources;
		this.alerts = alerts;
		this.idle = idle;
	}

	@EventListener
	void on(ModelDeleted deleted) {
		String id = deleted.id().value();
		this.resources.deleteModel(id);
		this.alerts.deleteModel(id);
		this.idle.clear(id);
	}

}
