package io.modelhost.accounts.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.LimitOverrides;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserPage;
import io.modelhost.accounts.UserQuery;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users in the {@code app_user} table. */
@Repository
public class UserStore {

	private final JdbcClient jdbc;

	public UserStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * An administrator's overrides of a user's limits: none for a user without any, or
	 * for no user.
	 */
	public LimitOverrides limitOverrides(UserId id) {
		return this.jdbc.sql("SELECT max_models, max_stored_bytes FROM app_user WHERE id = :id")
			.param("id", id.value())
			.query((rs, row) -> new LimitOverrides(rs.getObject("max_models", Long.class),
					rs.getObject("max_stored_bytes", Long.class)))
			.optional()
			.orElse(LimitOverrides.NONE);
	}

	/** Replaces a user's limit overrides; returns whether the user exists. */
	public boolean updateLimitOverrides(UserId id, LimitOverrides overrides) {
		return this.jdbc.sql("UPDATE app_user SET max_models = :models, max_stored_bytes = :bytes WHERE id = :id")
			.param("id", id.value())
			.param("models", overrides.maxModels(), java.sql.Types.BIGINT)
			.param("bytes", overrides.maxStoredBytes(), java.sql.Types.BIGINT)
			.update() > 0;
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

	/** Whether any user, enabled or not, is an administrator. */
	public boolean adminExists() {
		return this.jdbc.sql("SELECT COUNT(*) FROM app_user WHERE role = :role")
			.param("role", Role.ADMIN.name())
			.query(Long.class)
			.single() > 0;
	}

	public Optional<Credentials> findCredentials(String username) {
		return this.jdbc.sql("SELECT * FROM app_user WHERE username = :username AND enabled = TRUE")
			.param("username", username)
			.query((rs, row) -> new Credentials(account(rs), rs.getString("password_hash"),
					rs.getInt("credential_version")))
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

	/** Sets a new password hash and raises the credential version: older logins end. */
	public void updatePasswordHash(UserId id, String hash) {
		this.jdbc.sql(
				"UPDATE app_user SET password_hash = :hash, credential_version = credential_version + 1 WHERE id = :id")
			.param("hash", hash)
			.param("id", id.value())
			.update();
	}

	/** The user with this id, enabled or not. */
	public Optional<Account> findAny(UserId id) {
		return this.jdbc.sql("SELECT * FROM app_user WHERE id = :id")
			.param("id", id.value())
			.query((rs, row) -> account(rs))
			.optional();
	}

	/**
	 * The role and credential version of the enabled user with this id; empty if disabled
	 * or unknown.
	 */
	public Optional<Standing> enabledStanding(UserId id) {
		return this.jdbc.sql("SELECT role, credential_version FROM app_user WHERE id = :id AND enabled = TRUE")
			.param("id", id.value())
			.query((rs, row) -> new Standing(Role.valueOf(rs.getString(1)), rs.getInt(2)))
			.optional();
	}

	/**
	 * Raises the user's credential version: every access token, refresh token and session
	 * issued before stops working.
	 */
	public void raiseCredentialVersion(UserId id) {
		this.jdbc.sql("UPDATE app_user SET credential_version = credential_version + 1 WHERE id = :id")
			.param("id", id.value())
			.update();
	}

	/** Users matching the query, newest first. */
	public UserPage list(UserQuery query) {
		var where = new StringBuilder(" WHERE LOWER(username) LIKE :username ESCAPE '\\'")
			.append(" AND email LIKE :email ESCAPE '\\'");
		var names = new ArrayList<>(List.of("username", "email"));
		var values = new ArrayList<Object>(List.of(contains(query.username()), contains(query.email())));
		if (query.role() != null) {
			where.append(" AND role = :role");
			names.add("role");
			values.add(query.role().name());
		}
		JdbcClient.StatementSpec count = this.jdbc.sql("SELECT COUNT(*) FROM app_user" + where);
		JdbcClient.StatementSpec page = this.jdbc
			.sql("SELECT * FROM app_user" + where + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
			.param("limit", query.size())
			.param("offset", (long) query.page() * query.size());
		for (int i = 0; i < names.size(); i++) {
			count = count.param(names.get(i), values.get(i));
			page = page.param(names.get(i), values.get(i));
		}
		long total = count.query(Long.class).single();
		return new UserPage(page.query((rs, row) -> account(rs)).list(), query.page(), query.size(), total);
	}

	/** A LIKE pattern for "contains, ignoring case"; everything for null or blank. */
	private static String contains(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return "%";
		}
		String lower = text.strip().toLowerCase(Locale.ROOT);
		return "%" + lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	/**
	 * Locks the rows of the enabled administrators until the transaction ends and returns
	 * their ids: changes that could remove the last administrator run one at a time, each
	 * seeing the others' outcome.
	 */
	public List<UserId> lockEnabledAdmins() {
		return this.jdbc.sql("SELECT id FROM app_user WHERE role = :role AND enabled = TRUE ORDER BY id FOR UPDATE")
			.param("role", Role.ADMIN.name())
			.query((rs, row) -> new UserId(rs.getString(1)))
			.list();
	}

	public void updateEnabled(UserId id, boolean enabled) {
		this.jdbc.sql("UPDATE app_user SET enabled = :enabled WHERE id = :id")
			.param("enabled", enabled)
			.param("id", id.value())
			.update();
	}

	public void updateRole(UserId id, Role role) {
		this.jdbc.sql("UPDATE app_user SET role = :role WHERE id = :id")
			.param("role", role.name())
			.param("id", id.value())
			.update();
	}

	/** Deletes the user's row; their keys and tokens must be gone first. */
	public void delete(UserId id) {
		this.jdbc.sql("DELETE FROM app_user WHERE id = :id").param("id", id.value()).update();
	}

	private static Account account(ResultSet rs) throws SQLException {
		return new Account(new UserId(rs.getString("id")), rs.getString("username"), rs.getString("email"),
				Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"), instant(rs, "created_at"));
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * What a request's credential is checked against.
	 *
	 * @param role the user's role now
	 * @param credentialVersion the version their tokens and sessions must carry
	 */
	public record Standing(Role role, int credentialVersion) {

	}

	/** An account with its password hash and credential version, for login only. */
	public record Credentials(Account account, String passwordHash, int credentialVersion) {

		@Override
		public String toString() {
			return "Credentials[" + this.account.username() + "]";
		}

	}

}
