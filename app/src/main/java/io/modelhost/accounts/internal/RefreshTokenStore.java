package io.modelhost.accounts.internal;

import java.time.Instant;
import java.util.Optional;

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

	public void insert(String id, UserId user, String tokenHash, String familyId, Instant createdAt, Instant expiresAt,
			int credentialVersion) {
		this.jdbc.sql("""
				INSERT INTO refresh_token (id, user_id, token_hash, family_id, created_at, expires_at,
				    credential_version)
				VALUES (:id, :userId, :hash, :family, :createdAt, :expiresAt, :version)""")
			.param("version", credentialVersion)
			.param("id", id)
			.param("userId", user.value())
			.param("hash", tokenHash)
			.param("family", familyId)
			.param("createdAt", UserStore.utc(createdAt))
			.param("expiresAt", UserStore.utc(expiresAt))
			.update();
	}

	/** The token with this hash, whether live, revoked or expired. */
	public Optional<Stored> find(String tokenHash) {
		return this.jdbc.sql("SELECT * FROM refresh_token WHERE token_hash = :hash")
			.param("hash", tokenHash)
			.query((rs, row) -> new Stored(rs.getString("id"), new UserId(rs.getString("user_id")),
					rs.getString("family_id"), UserStore.instant(rs, "expires_at"),
					UserStore.instant(rs, "revoked_at") != null, rs.getInt("credential_version")))
			.optional();
	}

	/** Revokes one live token; false if it was revoked already (by a concurrent use). */
	public boolean revoke(String id, Instant at) {
		return this.jdbc.sql("UPDATE refresh_token SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
			.param("at", UserStore.utc(at))
			.param("id", id)
			.update() == 1;
	}

	/** Revokes every token of a family (a login and its rotations). */
	public void revokeFamily(String familyId, Instant at) {
		this.jdbc.sql("UPDATE refresh_token SET revoked_at = :at WHERE family_id = :family AND revoked_at IS NULL")
			.param("at", UserStore.utc(at))
			.param("family", familyId)
			.update();
	}

	/** Revokes every token of a user. */
	public void revokeAll(UserId user, Instant at) {
		this.jdbc.sql("UPDATE refresh_token SET revoked_at = :at WHERE user_id = :user AND revoked_at IS NULL")
			.param("at", UserStore.utc(at))
			.param("user", user.value())
			.update();
	}

	/** Deletes every token of a user, live or not. */
	public void deleteAll(UserId user) {
		this.jdbc.sql("DELETE FROM refresh_token WHERE user_id = :user").param("user", user.value()).update();
	}

	/**
	 * A stored refresh token.
	 *
	 * @param id its id
	 * @param user its user
	 * @param familyId the login it descends from
	 * @param expiresAt when it expires
	 * @param revoked whether it was revoked (used, logged out, or its family revoked)
	 * @param credentialVersion the user's credential version when it was issued
	 */
	public record Stored(String id, UserId user, String familyId, Instant expiresAt, boolean revoked,
			int credentialVersion) {

	}

}
