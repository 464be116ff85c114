package io.modelhost.monitoring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A model flagged idle.
 *
 * @param modelId the model
 * @param idleSince its last prediction, or when it was last changed if later (or never
 * called)
 * @param flaggedAt when the idle check flagged it
 * @param lastUsedAt its last prediction, or null if it never had one
 * @param archived whether the idle policy archived it
 */
public record IdleFlag(String modelId, Instant idleSince, Instant flaggedAt, @Nullable Instant lastUsedAt,
		boolean archived) {

}
