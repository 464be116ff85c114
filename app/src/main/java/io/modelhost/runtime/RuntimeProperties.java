package io.modelhost.runtime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Runtime settings.
 *
 * @param maxLoadedModels how many models stay loaded at once; the least recently used is
 * unloaded beyond it (default 20)
 * @param maxExpandedSize the most a compressed model file or archive may expand to while
 * it is checked (default 2GB)
 * @param maxArchiveEntries the most entries an archive may hold (default 10000)
 */
@ConfigurationProperties("modelhost.runtime")
public record RuntimeProperties(@DefaultValue("20") int maxLoadedModels, @DefaultValue("2GB") DataSize maxExpandedSize,
		@DefaultValue("10000") int maxArchiveEntries) {

	public RuntimeProperties {
		if (maxLoadedModels < 1) {
			throw new IllegalArgumentException("maxLoadedModels must be >= 1 but was " + maxLoadedModels);
		}
		if (maxExpandedSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxExpandedSize must be positive but was " + maxExpandedSize);
		}
		if (maxArchiveEntries < 1) {
			throw new IllegalArgumentException("maxArchiveEntries must be >= 1 but was " + maxArchiveEntries);
		}
	}

}
