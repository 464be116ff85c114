package io.modelhost.accounts;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A management action that succeeded, for the audit log: published by the module that
 * took it, after it took effect, on the thread of the request that asked for it (so the
 * listener can read the request's address). Predictions are not management actions.
 *
 * @param actor who did it
 * @param owner whose resource it concerns (the model's owner for a model, the user
 * themselves for their account and keys); the owner can read the entry
 * @param action what was done, as {@code resource.verb}, e.g. {@code model.delete},
 * {@code api_key.revoke}, {@code user.disable}
 * @param targetType the kind of resource: {@code model}, {@code api_key}, {@code user}, …
 * @param targetId the resource's id
 * @param details a few facts worth keeping, e.g. the new name or the version promoted;
 * never secrets
 */
public record ActionTaken(UserId actor, @Nullable UserId owner, String action, String targetType, String targetId,
		Map<String, String> details) {

	public ActionTaken {
		details = Map.copyOf(details);
	}

	public ActionTaken(UserId actor, @Nullable UserId owner, String action, String targetType, String targetId) {
		this(actor, owner, action, targetType, targetId, Map.of());
	}

}
