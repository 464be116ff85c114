package io.modelhost.registry.internal;

import java.time.Duration;

import io.modelhost.jobs.RecurringWork;
import io.modelhost.registry.ModelRegistry;

import org.springframework.stereotype.Component;

/**
 * Deletes models archived longer than {@code modelhost.registry.archive-retention}
 * hourly, once across replicas.
 */
@Component
class ArchivePurge implements RecurringWork {

	private final ModelRegistry registry;

	ArchivePurge(ModelRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String name() {
		return "archive-purge";
	}

	@Override
	public Duration every() {
		return Duration.ofHours(1);
	}

	@Override
	public void run() {
		this.registry.purgeArchived();
	}

}
