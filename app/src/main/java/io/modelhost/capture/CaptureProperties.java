package io.modelhost.capture;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Payload capture settings.
 *
 * @param bufferSize the most captured rows waiting to be written (default 10000); a row
 * that finds the buffer full is dropped and counted ({@code modelhost.capture.dropped}),
 * never slowing the prediction
 * @param settingsTtl how long a model's capture settings are trusted before they are read
 * again (default 10s): how long another replica takes to see a change
 * @param retentionInterval how often captured rows older than their model's retention are
 * deleted (default 1h)
 * @param maxExportRows the most rows one export holds, newest first (default 100000)
 */
@ConfigurationProperties("modelhost.capture")
public record CaptureProperties(@DefaultValue("10000") int bufferSize, @DefaultValue("10s") Duration settingsTtl,
		@DefaultValue("1h") Duration retentionInterval, @DefaultValue("100000") int maxExportRows) {

	public CaptureProperties {
		if (bufferSize < 1) {
			throw new IllegalArgumentException("bufferSize must be >= 1 but was " + bufferSize);
		}
		if (settingsTtl.isNegative()) {
			throw new IllegalArgumentException("settingsTtl must not be negative but was " + settingsTtl);
		}
		if (retentionInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("retentionInterval must be at least 1s but was " + retentionInterval);
		}
		if (maxExportRows < 1) {
			throw new IllegalArgumentException("maxExportRows must be >= 1 but was " + maxExportRows);
		}
	}

}
