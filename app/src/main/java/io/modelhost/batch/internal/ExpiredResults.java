package io.modelhost.batch.internal;

import java.time.Duration;

import io.modelhost.jobs.RecurringWork;

import org.springframework.stereotype.Component;

/**
 * Deletes batch prediction results past their retention every 10 minutes, once across
 * replicas.
 */
@Component
class ExpiredResults implements RecurringWork {

	private final BatchFiles files;

	ExpiredResults(BatchFiles files) {
		this.files = files;
	}

	@Override
	public String name() {
		return "batch-results-expiry";
	}

	@Override
	public Duration every() {
		return Duration.ofMinutes(10);
	}

	@Override
	public void run() {
		this.files.deleteExpired();
	}

}
