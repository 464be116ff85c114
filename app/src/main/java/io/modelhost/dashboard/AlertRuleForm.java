package io.modelhost.dashboard;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Map;

import io.modelhost.monitoring.AlertRule;
import io.modelhost.monitoring.InvalidMonitoringRequestException;
import org.jspecify.annotations.Nullable;

/**
 * The alert thresholds form of a model's monitoring page, as typed: CPU in percent of the
 * machine, memory in MB, the error rate in percent (the API's share times 100), p95
 * latency in milliseconds, the window in minutes. An empty box is not watched.
 *
 * @param cpuPercent CPU threshold
 * @param memoryMb memory threshold
 * @param errorRatePercent error rate threshold, percent
 * @param p95LatencyMs latency threshold
 * @param windowMinutes the window of error rate and latency
 */
record AlertRuleForm(String cpuPercent, String memoryMb, String errorRatePercent, String p95LatencyMs,
		String windowMinutes) {

	/** Plain words for each field the rule refuses, by the API's name for it. */
	private static final Map<String, String> RANGES = Map.of("cpu_percent", "CPU must be above 0 and at most 100 %.",
			"memory_mb", "Memory must be above 0 and at most 1048576 MB (1 TB).", "error_rate",
			"The error rate must be between 0 and 100 %.", "p95_latency_ms",
			"The p95 latency must be above 0 and at most 3600000 ms (an hour).", "window",
			"The window must be between 1 and 1440 minutes (24 hours).");

	static AlertRuleForm of(AlertRule rule) {
		return new AlertRuleForm(text(rule.cpuPercent(), 0), text(rule.memoryMb(), 0), text(rule.errorRate(), 2),
				text(rule.p95LatencyMs(), 0),
				BigDecimal.valueOf(rule.window().toSeconds())
					.divide(BigDecimal.valueOf(60), MathContext.DECIMAL64)
					.stripTrailingZeros()
					.toPlainString());
	}

	/**
	 * The rule this form asks for.
	 * @throws Refused naming the box at fault, in plain words
	 */
	AlertRule rule() {
		Double errorRate = number("error_rate", "The error rate", this.errorRatePercent);
		Double window = number("window", "The window", this.windowMinutes);
		try {
			return new AlertRule(number("cpu_percent", "CPU", this.cpuPercent),
					number("memory_mb", "Memory", this.memoryMb), (errorRate != null) ? errorRate / 100 : null,
					number("p95_latency_ms", "The p95 latency", this.p95LatencyMs),
					(window != null) ? Duration.ofMillis(Math.round(window * 60_000)) : AlertRule.DEFAULT_WINDOW);
		}
		catch (InvalidMonitoringRequestException ex) {
			throw new Refused(ex.field(), RANGES.getOrDefault(ex.field(), ex.getMessage()));
		}
	}

	private static @Nullable Double number(String field, String what, String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			double value = Double.parseDouble(text.strip());
			if (Double.isFinite(value)) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// below
		}
		throw new Refused(field, what + " must be a number, such as 50 or 0.5 (or empty, not to watch it).");
	}

	/** A threshold for its box, the decimal point moved right by this many places. */
	private static String text(@Nullable Double value, int places) {
		if (value == null) {
			return "";
		}
		return BigDecimal.valueOf(value).movePointRight(places).stripTrailingZeros().toPlainString();
	}

	/**
	 * A box the rule refuses.
	 */
	static final class Refused extends RuntimeException {

		private final String field;

		Refused(String field, String message) {
			super(message);
			this.field = field;
		}

		/** The API's name of the box at fault. */
		String field() {
			return this.field;
		}

	}

}
