package io.modelhost.accounts.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.modelhost.accounts.Invitation;
import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invitations in the {@code invitation} table; tokens are kept as SHA-256 hashes. */
@Repository
public class InvitationStore {

	private final JdbcClient jdbc;

	public InvitationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Invitation invitation, String tokenHash) {
		this.jdbc.sql("""
				INSERT INTO invitation (id, token_hash, email, created_by, created_at, expires_at)
				VALUES (:id, :hash, :email, :createdBy, :createdAt, :expiresAt)""")
			.param("id", invitation.id())
			.param("hash", tokenHash)
			.param("email", invitation.email())
			.param("createdBy", (invitation.createdBy() != null) ? invitation.createdBy().value() : null)
			.param("createdAt", utc(invitation.createdAt()))
			.param("expiresAt", utc(invitation.expiresAt()))
			.update();
	}

	/** Every invitation, newest first (at most {@code limit}). */
	public List<Invitation> list(int limit) {
		return this.jdbc.sql("SELECT * FROM invitation ORDER BY created_at DESC, id LIMIT :limit")
			.param("limit", limit)
			.query((rs, row) -> invitation(rs))
			.list();
	}

	/**
	 * Whether an invitation with this token hash could be used now for this email
	 * address: a cheap check before any password is hashed; {@link #use} decides.
	 */
	public boolean usable(String tokenHash, String email, Instant now) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM invitation WHERE token_hash = :hash AND used_at IS NULL AND revoked_at IS NULL
				AND expires_at > :now AND (email IS NULL OR email = :email)""")
			.param("hash", tokenHash)
			.param("now", utc(now))
			.param("email", email)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Marks the invitation with this token hash used by a user, if it is usable now for
	 * this email address. One statement, so that of two registrations racing for one
	 * invitation only one changes the row.
	 * @return the invitation's id, or null if none was usable
	 */
	public @Nullable String use(String tokenHash, String email, UserId user, Instant now) {
		List<String> ids = this.jdbc.sql("SELECT id FROM invitation WHERE token_hash = :hash")
			.param("hash", tokenHash)
			.query(String.class)
			.list();
		if (ids.isEmpty()) {
			return null;
		}
		int changed = this.jdbc.sql("""
				UPDATE invitation SET used_at = :now, used_by = :user
				WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now
				AND (email IS NULL OR email = :email)""")
			.param("now", utc(now))
			.param("user", user.value())
			.param("id", ids.getFirst())
			.param("email", email)
			.update();
		return (changed == 1) ? ids.getFirst() : null;
	}

	/**
	 * Revokes an invitation that is not used or revoked yet.
	 * @return whether an invitation has this id (revoked now or before, or used)
	 */
	public boolean revoke(String id, Instant now) {
		this.jdbc
			.sql("UPDATE invitation SET revoked_at = :now WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL")
			.param("now", utc(now))
			.param("id", id)
			.update();
		return this.jdbc.sql("SELECT COUNT(*) FROM invitation WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.single() > 0;
	}

	private static Invitation invitation(ResultSet rs) throws SQLException {
		String createdBy = rs.getString("created_by");
		return new Invitation(rs.getString("id"), rs.getString("email"),
				(createdBy != null) ? new UserId(createdBy) : null, instant(rs, "created_at"),
				instant(rs, "expires_at"), instantOrNull(rs, "used_at"), instantOrNull(rs, "revoked_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
