package io.modelhost.monitoring;

import java.time.Instant;

import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A model has not been called for the configured idle period and was flagged.
 *
 * @param owner the model's owner, who is told
 * @param modelId the model
 * @param lastUsedAt its last prediction request, or null if it never had one
 * @param archived whether the idle policy archived (and unloaded) it
 * @param at when it was flagged
 */
public record ModelWentIdle(UserId owner, String modelId, @Nullable Instant lastUsedAt, boolean archived, Instant at) {

}
