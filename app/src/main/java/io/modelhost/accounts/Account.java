package io.modelhost.accounts;

import java.time.Instant;

/**
 * A user as other modules and the API see it: never the password hash.
 *
 * @param id the user's id
 * @param username the unique login name
 * @param email the unique email address
 * @param role the user's role
 * @param enabled whether the user may log in and use their tokens and API keys
 * @param createdAt when the account was created
 */
public record Account(UserId id, String username, String email, Role role, boolean enabled, Instant createdAt) {

}
