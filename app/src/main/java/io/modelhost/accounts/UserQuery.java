package io.modelhost.accounts;

import org.jspecify.annotations.Nullable;

/**
 * Which users to list.
 *
 * @param username only users whose username contains this, ignoring case
 * @param email only users whose email address contains this, ignoring case
 * @param role only users with this role
 * @param page the page, from 0
 * @param size users per page, 1..100
 */
public record UserQuery(@Nullable String username, @Nullable String email, @Nullable Role role, int page, int size) {

	public UserQuery {
		if (page < 0) {
			throw new IllegalArgumentException("page must be >= 0 but was " + page);
		}
		if (size < 1 || size > 100) {
			throw new IllegalArgumentException("size must be in 1..100 but was " + size);
		}
	}

}
