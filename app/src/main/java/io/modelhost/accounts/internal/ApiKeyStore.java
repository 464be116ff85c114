package io.modelhost.accounts.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
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
				INSERT INTO api_key (id, user_id, name, prefix, key_hash, created_at, requests_per_minute)
				VALUES (:id, :userId, :name, :prefix, :hash, :createdAt, :quota)""")
			.param("quota", key.requestsPerMinute())
			.param("id", key.id())
			.param("userId", owner.value())
			.param("name", key.name())
			.param("prefix", key.prefix())
			.param("hash", keyHash)
			.param("createdAt", UserStore.utc(key.createdAt()))
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

	/** A key's own quota in requests per minute, if it has one. */
	public Optional<Integer> quotaOf(String id) {
		return this.jdbc.sql("SELECT requests_per_minute FROM api_key WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> (Integer) rs.getObject(1))
			.optional();
	}

	/** The caller of the live key with this hash (whose account is enabled). */
	public Optional<Caller> callerOf(String keyHash) {
		return this.jdbc.sql("""
				SELECT k.user_id, k.id FROM api_key k JOIN app_user u ON u.id = k.user_id
				WHERE k.key_hash = :hash AND k.revoked_at IS NULL AND u.enabled = TRUE""")
			.param("hash", keyHash)
			.query((rs, row) -> Caller.withApiKey(new UserId(rs.getString(1)), rs.getString(2)))
			.optional();
	}

	private static ApiKey apiKey(ResultSet rs) throws SQLException {
		return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("prefix"),
				UserStore.instant(rs, "created_at"), UserStore.instant(rs, "last_used_at"),
				UserStore.instant(rs, "revoked_at"), (Integer) rs.getObject("requests_per_minute"));
	}

}
