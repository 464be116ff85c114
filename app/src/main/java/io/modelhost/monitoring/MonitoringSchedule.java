package io.modelhost.monitoring;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * When monitoring runs, from {@link MonitoringProperties}: sampling then alert evaluation
 * every sample interval, the idle check every idle check interval. Every replica runs
 * them: samples are per process; alerts and idle flags are guarded by unique keys, so two
 * replicas raise or flag once. The hourly purge runs once across replicas
 * ({@link MonitoringPurge}).
 */
@Configuration(proxyBeanMethods = false)
class MonitoringSchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(MonitoringSchedule.class);

	private final ResourceMonitor resources;

	private final Alerts alerts;

	private final IdleModels idle;

	private final MonitoringProperties properties;

	MonitoringSchedule(ResourceMonitor resources, Alerts alerts, IdleModels idle, MonitoringProperties properties) {
		this.resources = resources;
		this.alerts = alerts;
		this.idle = idle;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		Duration interval = this.properties.sampleInterval();
		tasks.addFixedDelayTask(guarded("sampling", () -> {
			this.resources.sample();
			this.alerts.evaluate();
		}), interval);
		if (this.properties.idle().enabled()) {
			Duration check = this.properties.idle().checkInterval();
			tasks.addFixedDelayTask(guarded("idle check", this.idle::check), check);
		}
	}

	/** A task that logs its failure rather than end the schedule's thread quietly. */
	private static Runnable guarded(String name, Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.warn("Monitoring {} failed: {}", name, ex.toString(), ex);
			}
		};
	}

}
