package io.modelhost.registry;

import java.time.Instant;

import io.modelhost.accounts.UserId;

/**
 * A model shared with a user.
 *
 * @param user who it is shared with
 * @param username their username
 * @param email their email address
 * @param permission what they may do
 * @param createdAt when it was shared
 * @param updatedAt when the permission last changed
 */
public record Share(UserId user, String username, String email, Permission permission, Instant createdAt,
		Instant updatedAt) {

}
