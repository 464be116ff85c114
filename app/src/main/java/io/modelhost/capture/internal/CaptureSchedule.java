package io.modelhost.capture.internal;

import io.modelhost.capture.CaptureProperties;
import io.modelhost.capture.Captures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes captured rows past their model's retention every retention interval. Every
 * replica runs it: deleting what another already deleted deletes nothing.
 */
@Configuration(proxyBeanMethods = false)
class CaptureSchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(CaptureSchedule.class);

	private final Captures captures;

	private final CaptureProperties properties;

	CaptureSchedule(Captures captures, CaptureProperties properties) {
		this.captures = captures;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(() -> {
			try {
				this.captures.purge();
			}
			catch (RuntimeException ex) {
				log.warn("Capture retention failed: {}", ex.toString(), ex);
			}
		}, this.properties.retentionInterval());
	}

}
