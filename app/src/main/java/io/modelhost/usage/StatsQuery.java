package io.modelhost.usage;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which statistics to compute.
 *
 * @param from the period's start
 * @param to the period's end, after {@code from}
 * @param apiKeyId only requests made with this API key, or all if null
 * @param bucket the series' bucket width, or null for {@link Bucket#defaultFor}
 */
public record StatsQuery(Instant from, Instant to, @Nullable String apiKeyId, @Nullable Bucket bucket) {

	public StatsQuery {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to but were " + from + ", " + to);
		}
	}

}
