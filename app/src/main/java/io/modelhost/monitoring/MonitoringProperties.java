package io.modelhost.monitoring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Monitoring settings.
 *
 * @param sampleInterval how often resources are sampled and alert rules evaluated
 * (default 10s)
 * @param retention how long resource samples are kept (default 7d); an hourly purge
 * deletes older ones
 * @param alertRetention how long cleared alerts are kept (default 90d)
 * @param idle when models count as idle, and what happens to them
 */
@ConfigurationProperties("modelhost.monitoring")
public record MonitoringProperties(@DefaultValue("10s") Duration sampleInterval, @DefaultValue("7d") Duration retention,
		@DefaultValue("90d") Duration alertRetention, @DefaultValue Idle idle) {

	public MonitoringProperties {
		require(sampleInterval.compareTo(Duration.ofMillis(100)) >= 0,
				"sampleInterval must be at least 100ms but was " + sampleInterval);
		require(retention.compareTo(sampleInterval) > 0,
				"retention must be longer than sampleInterval (" + sampleInterval + ") but was " + retention);
		require(alertRetention.isPositive(), "alertRetention must be positive but was " + alertRetention);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/**
	 * The idle policy.
	 *
	 * @param after how long an active model may go without a prediction (and without a
	 * change) before it is flagged idle (default 30d; 0 turns the policy off)
	 * @param action {@code flag} (default) only flags it; {@code archive} also archives
	 * it, which unloads it
	 * @param checkInterval how often models are checked (default 1h)
	 */
	public record Idle(@DefaultValue("30d") Duration after, @DefaultValue("flag") IdleAction action,
			@DefaultValue("1h") Duration checkInterval) {

		public Idle {
			require(!after.isNegative(), "idle.after must not be negative but was " + after);
			require(checkInterval.compareTo(Duration.ofMillis(100)) >= 0,
					"idle.checkInterval must be at least 100ms but was " + checkInterval);
		}

		/** Whether idle models are looked for at all. */
		public boolean enabled() {
			return !this.after.isZero();
		}

	}

	/** What happens to a model found idle. */
	public enum IdleAction {

		/** Flag it and tell its owner. */
		FLAG,
		/**
		 * Also archive it: it stops serving and is unloaded; its owner may restore it.
		 */
		ARCHIVE

	}

}
