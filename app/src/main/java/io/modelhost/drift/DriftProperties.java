package io.modelhost.drift;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Drift settings.
 *
 * @param sampleSize the most rows of each side a comparison reads (default 10000): a
 * uniform sample of a bigger dataset, the newest captured rows of a window; this bounds a
 * comparison's time and memory whatever the data's size
 * @param minRows the fewest rows each side needs (default 30): fewer give tests without
 * power and bins of one or two rows
 * @param alertInterval how often drift alert rules are evaluated (default 1h); each
 * evaluation compares up to {@code sampleSize} rows per rule
 */
@ConfigurationProperties("modelhost.drift")
public record DriftProperties(@DefaultValue("10000") int sampleSize, @DefaultValue("30") int minRows,
		@DefaultValue("1h") Duration alertInterval) {

	public DriftProperties {
		if (sampleSize < 100 || sampleSize > 1_000_000) {
			throw new IllegalArgumentException("sampleSize must be in 100..1000000 but was " + sampleSize);
		}
		if (minRows < 2 || minRows > sampleSize) {
			throw new IllegalArgumentException("minRows must be in 2..sampleSize but was " + minRows);
		}
		if (alertInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("alertInterval must be at least 1s but was " + alertInterval);
		}
	}

}
