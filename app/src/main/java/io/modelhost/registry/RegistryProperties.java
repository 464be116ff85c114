package io.modelhost.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Registry settings.
 *
 * @param maxUploadSize the largest model file accepted (default 500MB); a bigger upload
 * gets 413 while it is still streaming
 * @param archiveRetention how long an archived (soft-deleted) model can be restored
 * before it is deleted for good (default 30d)
 */
@ConfigurationProperties("modelhost.registry")
public record RegistryProperties(@DefaultValue("500MB") DataSize maxUploadSize,
		@DefaultValue("30d") Duration archiveRetention) {

	public RegistryProperties {
		if (maxUploadSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxUploadSize must be positive but was " + maxUploadSize);
		}
		if (archiveRetention.isNegative()) {
			throw new IllegalArgumentException("archiveRetention must not be negative but was " + archiveRetention);
		}
	}

}
