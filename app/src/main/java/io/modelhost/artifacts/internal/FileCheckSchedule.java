package io.modelhost.artifacts.internal;

import java.time.Duration;

import io.modelhost.artifacts.ArtifactProperties;
import io.modelhost.artifacts.FileChecks;
import io.modelhost.jobs.RecurringWork;

import org.springframework.stereotype.Component;

/**
 * Checks every stored model file every {@code modelhost.artifacts.verify-interval}, once
 * across replicas (they share the files); 0 switches it off.
 */
@Component
class FileCheckSchedule implements RecurringWork {

	private final FileChecks checks;

	private final ArtifactProperties properties;

	FileCheckSchedule(FileChecks checks, ArtifactProperties properties) {
		this.checks = checks;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "model-file-check";
	}

	@Override
	public Duration every() {
		return this.properties.verifyInterval();
	}

	@Override
	public boolean enabled() {
		return !this.properties.verifyInterval().isZero();
	}

	@Override
	public void run() {
		this.checks.checkAll();
	}

}
