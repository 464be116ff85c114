package io.modelhost.accounts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.modelhost.accounts.internal.UserStore;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Holds users to their limits on models and stored bytes
 * ({@code modelhost.accounts.limits}, overridden per user by administrators). What a user
 * keeps is what the {@link UserHoldings} of every module add up to.
 *
 * <p>
 * Modules that store something for a user ask twice: early and cheaply
 * ({@link #checkNewModel}, {@link #checkStorage}) to refuse before doing work, and
 * finally through {@link #store}, which checks again and stores while holding the user's
 * lock, so that of two uploads racing for the last room one passes. The lock is this
 * process's: replicas on one database do not see each other's uploads in flight, and each
 * may let one through (docs/accounts.md).
 */
@Service
public class UserLimits {

	/** Locks by user, striped: a user's uploads take turns at their final check. */
	private static final int STRIPES = 64;

	private final List<ReentrantLock> locks = IntStream.range(0, STRIPES).mapToObj((i) -> new ReentrantLock()).toList();

	private final UserStore users;

	private final List<UserHoldings> holdings;

	private final AccountsProperties properties;

	private final ApplicationEventPublisher events;

	UserLimits(UserStore users, List<UserHoldings> holdings, AccountsProperties properties,
			ApplicationEventPublisher events) {
		this.users = users;
		this.holdings = List.copyOf(holdings);
		this.properties = properties;
		this.events = events;
	}

	/** The server's defaults ({@code modelhost.accounts.limits}). */
	public Limits defaults() {
		return this.properties.limits().toLimits();
	}

	/** What the user keeps and the limits that hold for them. */
	public Allowance allowance(UserId user) {
		LimitOverrides overrides = this.users.limitOverrides(user);
		return new Allowance(holdings(user), Limits.of(defaults(), overrides), overrides);
	}

	/**
	 * Refuses a new model the owner has no room for.
	 * @throws ModelLimitReachedException if the owner keeps as many models as they may
	 */
	public void checkNewModel(UserId owner) {
		check(owner, true, 0);
	}

	/**
	 * Refuses an upload the owner has no room for.
	 * @param bytes the upload's size
	 * @throws StorageLimitReachedException if the upload would take the owner past the
	 * bytes they may keep
	 */
	public void checkStorage(UserId owner, long bytes) {
		check(owner, false, bytes);
	}

	/**
	 * Checks, while holding the owner's lock, that they have room for a new model (if it
	 * is one) and for the bytes, then stores: {@code storing} must have committed what it
	 * stored when it returns, so that the next upload's check counts it.
	 * @throws ModelLimitReachedException if a new model would pass the owner's limit
	 * @throws StorageLimitReachedException if the bytes would
	 */
	public <T> T store(UserId owner, boolean newModel, long bytes, Supplier<T> storing) {
		ReentrantLock lock = this.locks.get(Math.floorMod(owner.hashCode(), STRIPES));
		lock.lock();
		try {
			check(owner, newModel, bytes);
			return storing.get();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Sets the limits an administrator chose for a user, replacing any set before.
	 * @throws UserNotFoundException if no user has this id
	 */
	public Allowance override(UserId actor, UserId user, LimitOverrides overrides) {
		if (!this.users.updateLimitOverrides(user, overrides)) {
			throw new UserNotFoundException();
		}
		this.events.publishEvent(new ActionTaken(actor, user, "user.limits", "user", user.value(), new TreeMap<>(Map
			.of("max_models", label(overrides.maxModels()), "max_stored_bytes", label(overrides.maxStoredBytes())))));
		return allowance(user);
	}

	private void check(UserId owner, boolean newModel, long bytes) {
		Limits limits = Limits.of(defaults(), this.users.limitOverrides(owner));
		if (limits.equals(Limits.NONE)) {
			return;
		}
		Holdings held = holdings(owner);
		if (newModel && limits.maxModels() != null && held.models() + 1 > limits.maxModels()) {
			throw new ModelLimitReachedException(limits.maxModels(), held.models());
		}
		if (limits.maxStoredBytes() != null && held.storedBytes() + bytes > limits.maxStoredBytes()) {
			throw new StorageLimitReachedException(limits.maxStoredBytes(), held.storedBytes(), bytes);
		}
	}

	private Holdings holdings(UserId user) {
		return this.holdings.stream().map((source) -> source.of(user)).reduce(Holdings.NONE, Holdings::plus);
	}

	private static String label(@Nullable Long override) {
		if (override == null) {
			return "default";
		}
		return (override == LimitOverrides.UNLIMITED) ? "unlimited" : override.toString();
	}

}
