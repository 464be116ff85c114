package io.modelhost.audit.internal;

import java.time.Duration;

import io.modelhost.audit.AuditLog;
import io.modelhost.jobs.RecurringWork;

import org.springframework.stereotype.Component;

/** Deletes audit entries past their retention daily, once across replicas. */
@Component
class AuditPurge implements RecurringWork {

	private final AuditLog log;

	AuditPurge(AuditLog log) {
		this.log = log;
	}

	@Override
	public String name() {
		return "audit-purge";
	}

	@Override
	public Duration every() {
		return Duration.ofDays(1);
	}

	@Override
	public void run() {
		this.log.purge();
	}

}
