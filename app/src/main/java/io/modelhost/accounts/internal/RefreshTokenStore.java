package io.modelhost.accounts.internal;

import java.time.Instant;

import io.modelhost.accounts.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Refresh tokens in the {@code refresh_token} table, stored as SHA-256 hashes only. */
@Repository
public class RefreshTokenStore {

	private final JdbcClient jdbc;

	public RefreshTokenStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(String id, UserId user, String tokenHash, String familyId, Instant createdAt,
			Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO refresh_token (id, user_id, token_hash, family_id, created_at, expires_at)
				VALUES (:id, :userId, :hash, :family, :createdAt, :expiresAt)""")
			.param("id", id)
			.param("userId", user.value())
			.param("hash", tokenHash)
			.param("family", familyId)
			.param("createdAt", UserStore.utc(createdAt))
			.param("expiresAt", UserStore.utc(expiresAt))
			.update();
	}

}
