package io.modelhost.accounts.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelhost.accounts.ApiKey;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys in the {@code api_key} table, stored as SHA-256 hashes only. */
@Repository
public class ApiKeyStore {

	private final JdbcClient jdbc;

	public ApiKeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(UserId owner, ApiKey key, String keyHash) {
		this.jdbc.sql("""
				INSERT INTO api_key (id, user_id, name, prefix, key_hash, created_at, requests_per_minute, expires_at,
				    model_scope)
				VALUES (:id, :userId, :name, :prefix, :hash, :createdAt, :quota, :expiresAt, :scope)""")
			.param("id", key.id())
			.param("userId", owner.value())
			.param("name", key.name())
			.param("prefix", key.prefix())
			.param("hash", keyHash)
			.param("createdAt", UserStore.utc(key.createdAt()))
			.param("quota", key.options().requestsPerMinute())
			.param("expiresAt", (key.options().expiresAt() != null) ? UserStore.utc(key.options().expiresAt()) : null)
			.param("scope", key.options().modelIds().isEmpty() ? null : String.join(",", key.options().modelIds()))
			.update();
	}

	public List<ApiKey> list(UserId owner) {
		return this.jdbc.sql("SELECT * FROM api_key WHERE user_id = :userId ORDER BY created_at DESC, id")
			.param("userId", owner.value())
			.query((rs, row) -> apiKey(rs))
			.list();
	}

	public Optional<ApiKey> find(UserId owner, String id) {
		return this.jdbc.sql("SELECT * FROM api_key WHERE user_id = :userId AND id = :id")
			.param("userId", owner.value())
			.param("id", id)
			.query((rs, row) -> apiKey(rs))
			.optional();
	}

	/** Renames a live key; returns whether the owner had it. */
	public boolean rename(UserId owner, String id, String name) {
		return this.jdbc.sql("""
				UPDATE api_key SET name = :name
				WHERE user_id = :userId AND id = :id AND revoked_at IS NULL""")
			.param("name", name)
			.param("userId", owner.value())
			.param("id", id)
			.update() == 1;
	}

	/** Revokes a key once; returns whether a live key of the owner was revoked. */
	public boolean revoke(UserId owner, String id, Instant at) {
		return this.jdbc.sql("""
				UPDATE api_key SET revoked_at = :at
				WHERE user_id = :userId AND id = :id AND revoked_at IS NULL""")
			.param("at", UserStore.utc(at))
			.param("userId", owner.value())
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Gives a live key a new secret; the old one stops matching. Returns whether it was
	 * live.
	 */
	public boolean replaceSecret(UserId owner, String id, String prefix, String keyHash, Instant at) {
		return this.jdbc.sql("""
				UPDATE api_key SET key_hash = :hash, prefix = :prefix, created_at = :at, last_used_at = NULL
				WHERE user_id = :userId AND id = :id AND revoked_at IS NULL""")
			.param("hash", keyHash)
			.param("prefix", prefix)
			.param("at", UserStore.utc(at))
			.param("userId", owner.value())
			.param("id", id)
			.update() == 1;
	}

	/** Deletes all of a user's keys, live or not. */
	public void deleteAll(UserId owner) {
		this.jdbc.sql("DELETE FROM api_key WHERE user_id = :userId").param("userId", owner.value()).update();
	}

	/** Records when keys were last used. */
	public void touch(Map<String, Instant> lastUsed) {
		lastUsed.forEach((id, at) -> this.jdbc.sql("""
				UPDATE api_key SET last_used_at = :at
				WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)""")
			.param("at", UserStore.utc(at))
			.param("id", id)
			.update());
	}

	/** A key's own quota in requests per minute, if it has one. */
	public Optional<Integer> quotaOf(String id) {
		return this.jdbc.sql("SELECT requests_per_minute FROM api_key WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> (Integer) rs.getObject(1))
			.optional();
	}

	/**
	 * The caller of the live, unexpired key with this hash (whose account is enabled).
	 */
	public Optional<Caller> callerOf(String keyHash, Instant now) {
		return this.jdbc.sql("""
				SELECT k.user_id, k.id, k.model_scope FROM api_key k JOIN app_user u ON u.id = k.user_id
				WHERE k.key_hash = :hash AND k.revoked_at IS NULL AND u.enabled = TRUE
				  AND (k.expires_at IS NULL OR k.expires_at > :now)""")
			.param("hash", keyHash)
			.param("now", UserStore.utc(now))
			.query((rs, row) -> Caller.withApiKey(new UserId(rs.getString(1)), rs.getString(2), scope(rs.getString(3))))
			.optional();
	}

	private static List<String> scope(String scope) {
		return (scope == null || scope.isEmpty()) ? List.of() : Arrays.asList(scope.split(","));
	}

	private static ApiKey apiKey(ResultSet rs) throws SQLException {
		return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("prefix"),
				UserStore.instant(rs, "created_at"), UserStore.instant(rs, "last_used_at"),
				UserStore.instant(rs, "revoked_at"), new ApiKey.Options((Integer) rs.getObject("requests_per_minute"),
						UserStore.instant(rs, "expires_at"), scope(rs.getString("model_scope"))));
	}

}
