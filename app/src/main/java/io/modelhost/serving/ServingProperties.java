package io.modelhost.serving;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Serving settings.
 *
 * @param maxRows the most rows (or examples) one prediction request may hold (default
 * 10000)
 * @param maxRequestSize the largest prediction request body (default 10MB)
 */
@ConfigurationProperties("modelhost.serving")
public record ServingProperties(@DefaultValue("10000") int maxRows, @DefaultValue("10MB") DataSize maxRequestSize) {

	public ServingProperties {
		if (maxRows < 1) {
			throw new IllegalArgumentException("maxRows must be >= 1 but was " + maxRows);
		}
		if (maxRequestSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxRequestSize must be positive but was " + maxRequestSize);
		}
	}

}
