package io.modelhost.capture.internal;

import java.time.Duration;

import io.modelhost.capture.CaptureProperties;
import io.modelhost.capture.Captures;
import io.modelhost.jobs.RecurringWork;

import org.springframework.stereotype.Component;

/**
 * Deletes captured rows past their model's retention every retention interval, once
 * across replicas.
 */
@Component
class CaptureSchedule implements RecurringWork {

	private final Captures captures;

	private final CaptureProperties properties;

	CaptureSchedule(Captures captures, CaptureProperties properties) {
		this.captures = captures;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "capture-retention";
	}

	@Override
	public Duration every() {
		return this.properties.retentionInterval();
	}

	@Override
	public void run() {
		this.captures.purge();
	}

}
