package io.modelhost.accounts;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.internal.ApiKeyStore;
import io.modelhost.accounts.internal.EnabledUsers;
import io.modelhost.accounts.internal.RefreshTokenStore;
import io.modelhost.accounts.internal.UserStore;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do to users: list, create, enable and disable, promote and demote,
 * delete. Callers check that the actor is an administrator; this class keeps the platform
 * from losing its last enabled administrator and an administrator from locking themselves
 * out. Every change publishes an {@link ActionTaken}.
 */
@Service
public class UserAdministration {

	private final Accounts accounts;

	private final UserStore users;

	private final ApiKeyStore apiKeys;

	private final RefreshTokenStore refreshTokens;

	private final EnabledUsers enabledUsers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	UserAdministration(Accounts accounts, UserStore users, ApiKeyStore apiKeys, RefreshTokenStore refreshTokens,
			EnabledUsers enabledUsers, ApplicationEventPublisher events, Clock clock) {
		this.accounts = accounts;
		this.users = users;
		this.apiKeys = apiKeys;
		this.refreshTokens = refreshTokens;
		this.enabledUsers = enabledUsers;
		this.events = events;
		this.clock = clock;
	}

	/** Users matching the query, enabled or not, newest first. */
	public UserPage list(UserQuery query) {
		return this.users.list(query);
	}

	/**
	 * A user, enabled or not.
	 * @throws UserNotFoundException if no user has this id
	 */
	public Account get(UserId user) {
		return this.users.findAny(user).orElseThrow(UserNotFoundException::new);
	}

	/**
	 * Creates an enabled user with the given role.
	 * @throws UsernameTakenException if the username is taken
	 * @throws EmailTakenException if the email address is taken
	 */
	@Transactional
	public Account create(UserId actor, String username, String email, String password, Role role) {
		Account account = this.accounts.create(username, email, password, role);
		this.events.publishEvent(new ActionTaken(actor, account.id(), "user.create", "user", account.id().value(),
				Map.of("username", account.username(), "role", name(account.role()))));
		return account;
	}

	/**
	 * Enables or disables a user and changes their role; a null leaves that as it is.
	 * Disabling ends the user's logins (refresh tokens) and stops their access tokens and
	 * API keys on their next request; a role change applies from their next request.
	 * Disabling and demoting raise the user's credential version: their access tokens and
	 * dashboard sessions end, and re-enabling or promoting does not bring them back.
	 * @throws UserNotFoundException if no user has this id
	 * @throws LastAdminException if this would disable or demote the last enabled
	 * administrator
	 * @throws OwnAccountException if the actor would disable or demote themselves
	 */
	@Transactional
	public Account update(UserId actor, UserId user, @Nullable Boolean enabled, @Nullable Role role) {
		List<UserId> admins = this.users.lockEnabledAdmins();
		Account account = get(user);
		boolean disabling = Boolean.FALSE.equals(enabled) && account.enabled();
		boolean demoting = role == Role.USER && account.role() == Role.ADMIN;
		if (disabling || demoting) {
			checkMayBeRemoved(actor, account, admins);
		}
		var changes = new LinkedHashMap<String, String>();
		if (enabled != null && enabled != account.enabled()) {
			this.users.updateEnabled(user, enabled);
			if (!enabled) {
				this.refreshTokens.revokeAll(user, this.clock.instant());
			}
			changes.put("enabled", enabled.toString());
		}
		if (role != null && role != account.role()) {
			this.users.updateRole(user, role);
			changes.put("role", name(role));
		}
		if (changes.isEmpty()) {
			return account;
		}
		if (disabling || demoting) {
			// what they were signed in with was issued for rights they no longer have:
			// re-enabling or promoting again asks them to sign in anew
			this.users.raiseCredentialVersion(user);
		}
		this.enabledUsers.forget(user);
		var details = new LinkedHashMap<>(changes);
		details.put("username", account.username());
		this.events.publishEvent(new ActionTaken(actor, user, "user.update", "user", user.value(), details));
		return get(user);
	}

	/**
	 * Deletes a user: first {@link UserDeleting} lets other modules delete what the user
	 * owns, then their API keys, refresh tokens and account go, all in one transaction.
	 * Their access tokens stop on their next request and their username is free again.
	 * @throws UserNotFoundException if no user has this id
	 * @throws LastAdminException if the user is the last enabled administrator
	 * @throws OwnAccountException if the actor would delete themselves
	 */
	@Transactional
	public void delete(UserId actor, UserId user) {
		List<UserId> admins = this.users.lockEnabledAdmins();
		Account account = get(user);
		checkMayBeRemoved(actor, account, admins);
		this.events.publishEvent(new UserDeleting(user));
		this.apiKeys.deleteAll(user);
		this.refreshTokens.deleteAll(user);
		this.users.delete(user);
		this.enabledUsers.forget(user);
		// the owner is gone, so the entry belongs to nobody but the administrators
		this.events.publishEvent(new ActionTaken(actor, null, "user.delete", "user", user.value(),
				Map.of("username", account.username())));
	}

	/**
	 * Refuses to disable, demote or delete the last enabled administrator (checked first:
	 * it holds even for an actor whose rights another replica has just taken away) or the
	 * actor themselves.
	 */
	private static void checkMayBeRemoved(UserId actor, Account account, List<UserId> enabledAdmins) {
		boolean enabledAdmin = account.enabled() && account.role() == Role.ADMIN;
		if (enabledAdmin && enabledAdmins.stream().allMatch(account.id()::equals)) {
			throw new LastAdminException();
		}
		if (actor.equals(account.id())) {
			throw new OwnAccountException();
		}
	}

	private static String name(Role role) {
		return role.name().toLowerCase(Locale.ROOT);
	}

}
