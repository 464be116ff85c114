package io.modelhost.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.modelhost.DatabaseAvailability;
import io.modelhost.LookupCache;
import io.modelhost.accounts.internal.ApiKeyStore;
import io.modelhost.accounts.internal.Secrets;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.util.IdGenerator;

/**
 * API keys: long random secrets that let an application call a user's prediction
 * endpoints. Only a SHA-256 hash of each key is stored; the key itself is shown once. A
 * key once verified keeps working while the database is unavailable: its lookup and its
 * quota are answered from memory, and when it was last used is written once the database
 * is back.
 */
@Service
public class ApiKeys {

	/** Every key starts with this, so secret scanners can recognise a leaked one. */
	public static final String KEY_PREFIX = "mh_";

	/** How long a looked-up key is trusted before the database is asked again. */
	private static final Duration LOOKUP_TTL = Duration.ofSeconds(5);

	private final ApiKeyStore store;

	private final Clock clock;

	private final IdGenerator ids;

	/** Key hash to owner, or empty for an unknown or revoked key. */
	private final LookupCache<String, Optional<Caller>> lookups;

	/** Key id to its own quota; keys' quotas do not change after creation. */
	private final Cache<String, Optional<Integer>> quotas = Caffeine.newBuilder().maximumSize(10_000).build();

	/** Keys used since last written, with when. */
	private final ConcurrentHashMap<String, Instant> lastUsed = new ConcurrentHashMap<>();

	private final ApplicationEventPublisher events;

	private final DatabaseAvailability database;

	ApiKeys(ApiKeyStore store, Clock clock, IdGenerator ids, ApplicationEventPublisher events,
			DatabaseAvailability database) {
		this.store = store;
		this.clock = clock;
		this.ids = ids;
		this.events = events;
		this.database = database;
		this.lookups = new LookupCache<>(database, LOOKUP_TTL, 10_000);
	}

	/**
	 * Creates a key for a user; the secret in the result is not stored and cannot be
	 * shown again.
	 */
	public ApiKey.Issued create(UserId owner, String name, ApiKey.Options options) {
		String secret = newSecret();
		var key = new ApiKey(this.ids.generateId().toString(), name.strip(), secret.substring(0, 10),
				this.clock.instant(), null, null, options);
		this.store.insert(owner, key, Secrets.sha256(secret));
		audit(owner, "api_key.create", key.id(), key.name());
		return new ApiKey.Issued(key, secret);
	}

	/**
	 * Gives a key a new secret, keeping its id, name and options; the old secret stops
	 * working at once on this replica (within {@link #LOOKUP_TTL} on others).
	 * @throws ApiKeyNotFoundException if the user has no live key with this id
	 */
	public ApiKey.Issued regenerate(UserId owner, String id) {
		String secret = newSecret();
		if (!this.store.replaceSecret(owner, id, secret.substring(0, 10), Secrets.sha256(secret),
				this.clock.instant())) {
			throw new ApiKeyNotFoundException();
		}
		this.lookups.invalidateAll();
		ApiKey key = get(owner, id);
		audit(owner, "api_key.regenerate", id, key.name());
		return new ApiKey.Issued(key, secret);
	}

	/**
	 * Renames a live key; its secret, scope and expiry stay.
	 * @throws ApiKeyNotFoundException if the user has no live key with this id
	 * @throws IllegalArgumentException if the name is blank or longer than 100 characters
	 */
	public ApiKey rename(UserId owner, String id, String name) {
		String stripped = name.strip();
		if (stripped.isEmpty() || stripped.length() > 100) {
			throw new IllegalArgumentException("a key's name has 1 to 100 characters");
		}
		if (!this.store.rename(owner, id, stripped)) {
			throw new ApiKeyNotFoundException();
		}
		audit(owner, "api_key.rename", id, stripped);
		return get(owner, id);
	}

	private void audit(UserId owner, String action, String keyId, String keyName) {
		this.events.publishEvent(new ActionTaken(owner, owner, action, "api_key", keyId, Map.of("name", keyName)));
	}

	private static String newSecret() {
		return KEY_PREFIX + Secrets.random(32);
	}

	/** The user's keys, newest first, revoked ones included. */
	public List<ApiKey> list(UserId owner) {
		return this.store.list(owner);
	}

	/**
	 * One of the user's keys.
	 * @throws ApiKeyNotFoundException if the user has no key with this id
	 */
	public ApiKey get(UserId owner, String id) {
		return this.store.find(owner, id).orElseThrow(ApiKeyNotFoundException::new);
	}

	/**
	 * Revokes a key: it stops working at once on this replica (and within
	 * {@link #LOOKUP_TTL} on others). Revoking a revoked key does nothing.
	 * @throws ApiKeyNotFoundException if the user has no key with this id
	 */
	public void revoke(UserId owner, String id) {
		ApiKey key = get(owner, id);
		this.store.revoke(owner, id, this.clock.instant());
		this.lookups.invalidateAll();
		if (key.revokedAt() == null) {
			audit(owner, "api_key.revoke", id, key.name());
		}
	}

	/**
	 * A key's own quota in requests per minute, or empty for the default; the default too
	 * for a key not looked up before while the database is unavailable.
	 */
	public Optional<Integer> quotaOf(String keyId) {
		Optional<Integer> known = this.quotas.getIfPresent(keyId);
		if (known != null) {
			return known;
		}
		try {
			return this.quotas.get(keyId, this.store::quotaOf);
		}
		catch (RuntimeException ex) {
			if (this.database.unreachable(ex)) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/** The caller a live key stands for, or empty for anything else. */
	public Optional<Caller> authenticate(String secret) {
		if (!secret.startsWith(KEY_PREFIX) || secret.length() > 100) {
			return Optional.empty();
		}
		Optional<Caller> caller = this.lookups.get(Secrets.sha256(secret),
				(hash) -> this.store.callerOf(hash, this.clock.instant()));
		caller.ifPresent((c) -> this.lastUsed.put(c.apiKeyId(), this.clock.instant()));
		return caller;
	}

	/**
	 * Writes when keys were last used; often enough for a person to read, never per
	 * request.
	 */
	@Scheduled(fixedDelayString = "PT10S")
	void writeLastUsed() {
		if (this.lastUsed.isEmpty() || !this.database.available()) {
			return;
		}
		var batch = new HashMap<String, Instant>();
		this.lastUsed.forEach((id, at) -> {
			if (this.lastUsed.remove(id, at)) {
				batch.put(id, at);
			}
		});
		try {
			this.store.touch(batch);
		}
		catch (RuntimeException ex) {
			if (!this.database.unreachable(ex)) {
				throw ex;
			}
			// written next time, unless the key was used again since
			batch.forEach((id, at) -> this.lastUsed.merge(id, at, (newer, older) -> newer));
		}
	}

}
