package io.modelhost.artifacts.internal;

import io.modelhost.artifacts.ArtifactProperties;
import io.modelhost.artifacts.FileChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Checks every stored model file every {@code modelhost.artifacts.verify-interval}, the
 * first time one interval after start. Every replica runs it (the files are read-only; a
 * damaged one is marked failed once).
 */
@Configuration(proxyBeanMethods = false)
class FileCheckSchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(FileCheckSchedule.class);

	private final FileChecks checks;

	private final ArtifactProperties properties;

	FileCheckSchedule(FileChecks checks, ArtifactProperties properties) {
		this.checks = checks;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		if (this.properties.verifyInterval().isZero()) {
			return;
		}
		tasks.addFixedDelayTask(new FixedDelayTask(() -> {
			try {
				this.checks.checkAll();
			}
			catch (RuntimeException ex) {
				log.warn("The scheduled check of stored model files failed: {}", ex.toString(), ex);
			}
		}, this.properties.verifyInterval(), this.properties.verifyInterval()));
	}

}
