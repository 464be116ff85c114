package io.modelhost.accounts.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users in the {@code app_user} table. */
@Repository
public class UserStore {

	private final JdbcClient jdbc;

	public UserStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts a user; the unique indexes reject a taken username or email. */
	public void insert(Account account, String passwordHash) {
		this.jdbc.sql("""
				INSERT INTO app_user (id, username, email, password_hash, role, enabled, created_at)
				VALUES (:id, :username, :email, :hash, :role, TRUE, :createdAt)""")
			.param("id", account.id().value())
			.param("username", account.username())
			.param("email", account.email())
			.param("hash", passwordHash)
			.param("role", account.role().name())
			.param("createdAt", utc(account.createdAt()))
			.update();
	}

	public boolean usernameExists(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM app_user WHERE username = :username")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
	}

	public boolean emailExists(String email) {
		return this.jdbc.sql("SELECT COUNT(*) FROM app_user WHERE email = :email")
			.param("email", email)
			.query(Long.class)
			.single() > 0;
	}

	public Optional<Credentials> findCredentials(String username) {
		return this.jdbc.sql("SELECT * FROM app_user WHERE username = :username AND enabled = TRUE")
			.param("username", username)
			.query((rs, row) -> new Credentials(account(rs), rs.getString("password_hash")))
			.optional();
	}

	public Optional<Account> find(UserId id) {
		return this.jdbc.sql("SELECT * FROM app_user WHERE id = :id AND enabled = TRUE")
			.param("id", id.value())
			.query((rs, row) -> account(rs))
			.optional();
	}

	public Optional<Account> findByEmail(String email) {
		return this.jdbc.sql("SELECT * FROM app_user WHERE email = :email AND enabled = TRUE")
			.param("email", email)
			.query((rs, row) -> account(rs))
			.optional();
	}

	public Optional<String> passwordHash(UserId id) {
		return this.jdbc.sql("SELECT password_hash FROM app_user WHERE id = :id AND enabled = TRUE")
			.param("id", id.value())
			.query(String.class)
			.optional();
	}

	public void updatePasswordHash(UserId id, String hash) {
		this.jdbc.sql("UPDATE app_user SET password_hash = :hash WHERE id = :id")
			.param("hash", hash)
			.param("id", id.value())
			.update();
	}

	private static Account account(ResultSet rs) throws SQLException {
		return new Account(new UserId(rs.getString("id")), rs.getString("username"), rs.getString("email"),
				Role.valueOf(rs.getString("role")), instant(rs, "created_at"));
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** An account with its password hash, for login only. */
	public record Credentials(Account account, String passwordHash) {

		@Override
		public String toString() {
			return "Credentials[" + this.account.username() + "]";
		}

	}

}
