package io.modelhost.registry;

import java.time.Instant;

import io.modelhost.accounts.UserId;

/**
 * A model shared with a user, as the owner may see it: only what the owner typed to share
 * it (the address) and what they decided, never what the account behind the address says
 * about itself (its username).
 *
 * @param user who it is shared with: the handle to change or revoke the share
 * @param email the email address the owner shared with (as stored, in lower case)
 * @param permission what they may do
 * @param createdAt when it was shared
 * @param updatedAt when the permission last changed
 */
public record Share(UserId user, String email, Permission permission, Instant createdAt, Instant updatedAt) {

}
