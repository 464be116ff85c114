package io.modelhost.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Registry settings.
 *
 * @param maxUploadSize the largest model file accepted (default 500MB); a bigger upload
 * gets 413 while it is still streaming
 */
@ConfigurationProperties("modelhost.registry")
public record RegistryProperties(@DefaultValue("500MB") DataSize maxUploadSize) {

	public RegistryProperties {
		if (maxUploadSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxUploadSize must be positive but was " + maxUploadSize);
		}
	}

}
