package io.modelhost.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Runtime settings.
 *
 * @param maxLoadedModels how many models stay loaded at once; the least recently used is
 * unloaded beyond it (default 20)
 * @param maxExpandedSize the most a compressed model file or archive may expand to while
 * it is checked, and the most memory a model may take once decoded (weights and one
 * example's activations, as each engine counts them), refused before allocating; several
 * uploads may be admitted at once, so keep it well below the heap (default 1GB)
 * @param maxArchiveEntries the most entries an archive may hold (default 10000)
 * @param memoryBudget the most memory (heap and native, as measured) loaded models may
 * hold together; the least recently used are unloaded to make room, and a model that
 * alone needs more is refused with 507 (default 2GB)
 * @param admissionTimeout how long checking, converting, loading and the sample
 * prediction of one upload, or one later load, may take; past it the upload is refused
 * with 422 and the work stopped (default 30s)
 */
@ConfigurationProperties("modelhost.runtime")
public record RuntimeProperties(@DefaultValue("20") int maxLoadedModels, @DefaultValue("1GB") DataSize maxExpandedSize,
		@DefaultValue("10000") int maxArchiveEntries, @DefaultValue("2GB") DataSize memoryBudget,
		@DefaultValue("30s") Duration admissionTimeout) {

	public RuntimeProperties {
		if (maxLoadedModels < 1) {
			throw new IllegalArgumentException("maxLoadedModels must be >= 1 but was " + maxLoadedModels);
		}
		if (maxExpandedSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxExpandedSize must be positive but was " + maxExpandedSize);
		}
		if (memoryBudget.toBytes() < 1) {
			throw new IllegalArgumentException("memoryBudget must be positive but was " + memoryBudget);
		}
		if (admissionTimeout.isNegative() || admissionTimeout.isZero()) {
			throw new IllegalArgumentException("admissionTimeout must be positive but was " + admissionTimeout);
		}
		if (maxArchiveEntries < 1) {
			throw new IllegalArgumentException("maxArchiveEntries must be >= 1 but was " + maxArchiveEntries);
		}
	}

}
