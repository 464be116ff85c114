package io.modelhost.registry;

import java.time.Instant;

import io.modelhost.accounts.UserId;

/**
 * The platform stopped serving a model version: its stored file failed the integrity
 * check when it was loaded. Published once per version, after the version was marked
 * failed.
 *
 * @param owner the model's owner, who is told
 * @param model the model
 * @param version the version's number
 * @param reason what is wrong, safe to show the owner
 * @param at when it was found
 */
public record ModelVersionFailed(UserId owner, ModelId model, int version, String reason, Instant at) {

}
