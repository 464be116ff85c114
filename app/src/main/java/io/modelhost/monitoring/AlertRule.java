package io.modelhost.monitoring;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The thresholds a model endpoint is watched against; a null threshold is not watched. An
 * alert is raised when a value goes above its threshold and cleared when it is back at or
 * below it.
 *
 * @param cpuPercent CPU use of its predictions, as a percentage of the machine, in (0,
 * 100]
 * @param memoryMb memory its loaded versions hold, in MiB, in (0, 1048576]
 * @param errorRate share of its requests in the window answered with a status other than
 * 2xx, in [0, 1]
 * @param p95LatencyMs the 95th percentile of its requests' latency in the window, in
 * milliseconds, in (0, 3600000]
 * @param window how far back error rate and latency look, 1m to 24h
 */
public record AlertRule(@Nullable Double cpuPercent, @Nullable Double memoryMb, @Nullable Double errorRate,
		@Nullable Double p95LatencyMs, Duration window) {

	/** The window when none is given. */
	public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

	/** No thresholds. */
	public static final AlertRule NONE = new AlertRule(null, null, null, null, DEFAULT_WINDOW);

	/**
	 * Checks every value.
	 * @throws InvalidMonitoringRequestException naming the first field out of range
	 */
	public AlertRule {
		check("cpu_percent", cpuPercent, 0, false, 100);
		check("memory_mb", memoryMb, 0, false, 1_048_576);
		check("error_rate", errorRate, 0, true, 1);
		check("p95_latency_ms", p95LatencyMs, 0, false, 3_600_000);
		if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
			throw new InvalidMonitoringRequestException("window",
					"window must be between 1 minute and 24 hours but was " + window);
		}
	}

	/** The threshold of a metric, or null if it is not watched. */
	public @Nullable Double threshold(AlertMetric metric) {
		return switch (metric) {
			case CPU_PERCENT -> this.cpuPercent;
			case MEMORY_MB -> this.memoryMb;
			case ERROR_RATE -> this.errorRate;
			case P95_LATENCY_MS -> this.p95LatencyMs;
			case DAMAGED_FILE -> null;
		};
	}

	private static void check(String field, @Nullable Double value, double min, boolean minIncluded, double max) {
		if (value == null) {
			return;
		}
		boolean aboveMin = minIncluded ? value >= min : value > min;
		if (value.isNaN() || !aboveMin || value > max) {
			throw new InvalidMonitoringRequestException(field, field + " must be in " + (minIncluded ? "[" : "(")
					+ number(min) + ", " + number(max) + "] but was " + value);
		}
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : Double.toString(value);
	}

}
