package io.modelhost.monitoring;

import java.util.Locale;

/** What an alert rule watches. */
public enum AlertMetric {

	/**
	 * CPU use of the model's predictions, percent of the machine, from the latest sample.
	 */
	CPU_PERCENT,
	/** Memory its loaded versions hold, MiB, from the latest sample. */
	MEMORY_MB,
	/** Share of non-2xx answers among its requests in the rule's window. */
	ERROR_RATE,
	/** 95th percentile latency of its requests in the rule's window, milliseconds. */
	P95_LATENCY_MS,
	/**
	 * Not a rule's: raised by the platform when a version's stored file fails its
	 * integrity check on load. The value is the version's number, the threshold 0. It
	 * stays open (the version stays failed); one is open per model at a time.
	 */
	DAMAGED_FILE;

	/** Whether alert rules set a threshold for it (all but {@link #DAMAGED_FILE}). */
	public boolean ruled() {
		return this != DAMAGED_FILE;
	}

	/** The API's name for it, e.g. {@code error_rate}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The metric of an API name. */
	public static AlertMetric of(String label) {
		return valueOf(label.toUpperCase(Locale.ROOT));
	}

}
