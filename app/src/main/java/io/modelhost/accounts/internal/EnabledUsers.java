package io.modelhost.accounts.internal;

import java.time.Duration;
import java.util.Optional;

import io.modelhost.DatabaseAvailability;
import io.modelhost.LookupCache;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.UserId;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether a user is enabled, their role and their credential version, as the database
 * says: asked on every authenticated request so that disabling, deleting or demoting a
 * user takes effect on their next request whatever their access token claims. Answers are
 * trusted for {@link #TTL}; this replica forgets a user the moment it changes them, other
 * replicas within {@code TTL}. While the database is unavailable, the last answer stands
 * ({@link LookupCache}), so a user's API keys and tokens keep working through an outage.
 */
@Component
public class EnabledUsers {

	/** How long an answer is trusted before the database is asked again. */
	static final Duration TTL = Duration.ofSeconds(5);

	private final UserStore users;

	/**
	 * User to their role and credential version, or empty for a disabled or deleted user.
	 */
	private final LookupCache<UserId, Optional<UserStore.Standing>> roles;

	public EnabledUsers(UserStore users, DatabaseAvailability database) {
		this.users = users;
		this.roles = new LookupCache<>(database, TTL, 100_000);
	}

	/** The role of the user if they exist and are enabled; empty otherwise. */
	public Optional<Role> roleOf(UserId user) {
		return standing(user).map(UserStore.Standing::role);
	}

	/**
	 * The role and credential version of the user if they exist and are enabled; empty
	 * otherwise.
	 */
	public Optional<UserStore.Standing> standing(UserId user) {
		return this.roles.get(user, this.users::enabledStanding);
	}

	/**
	 * Forgets what is known of a user, now and again when the current transaction
	 * commits: a request that reads the user between the two would otherwise keep the old
	 * answer for {@link #TTL}.
	 */
	public void forget(UserId user) {
		this.roles.invalidate(user);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					EnabledUsers.this.roles.invalidate(user);
				}

			});
		}
	}

}
