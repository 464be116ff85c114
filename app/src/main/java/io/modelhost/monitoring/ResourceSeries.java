package io.modelhost.monitoring;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A model endpoint's resource samples over a time range.
 *
 * @param samples the samples in the range, oldest first
 * @param latest its latest sample at all, or null if it was never sampled
 */
public record ResourceSeries(List<ResourceSample> samples, @Nullable ResourceSample latest) {

	public ResourceSeries {
		samples = List.copyOf(samples);
	}

}
