package io.modelhost.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Account and token settings.
 *
 * @param accessTokenTtl how long an access token is valid (default 30 minutes)
 * @param refreshTokenTtl how long a refresh token is valid (default 7 days)
 * @param jwtSecret the HMAC key that signs access tokens, at least 32 bytes
 * ({@code MODELHOST_ACCOUNTS_JWT_SECRET}); when unset, a random key is generated once and
 * kept in the data directory. Replicas behind a load balancer must share one.
 * @param issuer the {@code iss} claim of access tokens
 * @param loginAttempts failed logins a username may make within {@code loginLockout}
 * before it must wait (default 5)
 * @param loginLockout the window of failed logins, and how long a spent allowance takes
 * to refill (default 5m)
 * @param admin the first administrator, created at start-up only while no administrator
 * exists (its password comes from the environment,
 * {@code MODELHOST_ACCOUNTS_ADMIN_PASSWORD}, or from a file; there is no default)
 * @param scrapeToken when set (at least 16 characters), a metrics scraper may read
 * {@code /actuator/prometheus} with HTTP Basic credentials {@code prometheus:<token>};
 * otherwise only administrators' access tokens can
 * @param hashingConcurrency how many passwords may be hashed at once (sign-up, login,
 * password change; argon2id takes 19 MiB each); default: one per available processor
 * @param hashingWait how long a sign-up, login or password change waits for a turn to
 * hash before it is refused with 503 and {@code Retry-After: 1} (default 1s)
 * @param registration who may sign up: {@code open} (default), {@code invite} or
 * {@code closed}
 * @param limits what every user may keep unless an administrator sets their own limits
 * (default: no limits)
 */
@ConfigurationProperties("modelhost.accounts")
public record AccountsProperties(@DefaultValue("30m") Duration accessTokenTtl,
		@DefaultValue("7d") Duration refreshTokenTtl, @Nullable Secret jwtSecret,
		@DefaultValue("modelhost") String issuer, @DefaultValue("5") int loginAttempts,
		@DefaultValue("5m") Duration loginLockout, @Nullable Admin admin, @Nullable Secret scrapeToken,
		@Nullable Integer hashingConcurrency, @DefaultValue("1s") Duration hashingWait,
		@DefaultValue("open") Registration registration, @DefaultValue DefaultLimits limits) {

	public AccountsProperties {
		if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
			throw new IllegalArgumentException("accessTokenTtl must be positive but was " + accessTokenTtl);
		}
		if (refreshTokenTtl.compareTo(accessTokenTtl) < 0) {
			throw new IllegalArgumentException("refreshTokenTtl must be >= accessTokenTtl but was " + refreshTokenTtl);
		}
		if (jwtSecret != null && jwtSecret.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
			throw new IllegalArgumentException("jwtSecret must be at least 32 bytes");
		}
		if (scrapeToken != null && scrapeToken.value().length() < 16) {
			throw new IllegalArgumentException("scrapeToken must be at least 16 characters");
		}
		if (hashingConcurrency != null && hashingConcurrency < 1) {
			throw new IllegalArgumentException("hashingConcurrency must be >= 1 but was " + hashingConcurrency);
		}
		if (hashingWait.isNegative()) {
			throw new IllegalArgumentException("hashingWait must not be negative but was " + hashingWait);
		}
	}

	/**
	 * How many passwords may be hashed at once: as configured, or one per available
	 * processor (hashing is CPU-bound: more at once only adds memory and latency).
	 */
	public int hashingPermits() {
		return (this.hashingConcurrency != null) ? this.hashingConcurrency : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * The limits every user is held to unless an administrator overrides them; unset
	 * means no limit.
	 *
	 * @param maxModels how many models a user may keep, live or archived
	 * @param maxStoredBytes how many bytes of files a user may keep: every version of
	 * their models and their datasets, as uploaded
	 */
	public record DefaultLimits(@Nullable Long maxModels, @Nullable DataSize maxStoredBytes) {

		public DefaultLimits {
			if (maxModels != null && maxModels < 0) {
				throw new IllegalArgumentException("limits.maxModels must be >= 0 but was " + maxModels);
			}
			if (maxStoredBytes != null && maxStoredBytes.toBytes() < 0) {
				throw new IllegalArgumentException("limits.maxStoredBytes must be >= 0 but was " + maxStoredBytes);
			}
		}

		/** As {@link io.modelhost.accounts.Limits}. */
		public io.modelhost.accounts.Limits toLimits() {
			return new io.modelhost.accounts.Limits(this.maxModels,
					(this.maxStoredBytes != null) ? this.maxStoredBytes.toBytes() : null);
		}

	}

	/**
	 * The first administrator: created at start-up if no administrator exists yet.
	 * Exactly one of {@code password} and {@code passwordFile} is given.
	 *
	 * @param username its login name
	 * @param email its email address
	 * @param password its password, at least 12 characters; when {@code passwordFile} is
	 * given, the file's content with surrounding white space removed
	 * @param passwordFile a file holding the password (e.g. a container secret); read
	 * once, at start-up
	 */
	public record Admin(String username, String email, @Nullable Secret password, @Nullable Path passwordFile) {

		public Admin {
			if (password != null && passwordFile != null) {
				throw new IllegalArgumentException("give modelhost.accounts.admin.password or "
						+ "modelhost.accounts.admin.password-file, not both");
			}
			if (passwordFile != null) {
				password = new Secret(read(passwordFile));
			}
			if (password == null) {
				throw new IllegalArgumentException("modelhost.accounts.admin.password or "
						+ "modelhost.accounts.admin.password-file is required with modelhost.accounts.admin.username");
			}
			if (password.value().length() < 12) {
				throw new IllegalArgumentException("the admin password must be at least 12 characters"
						+ ((passwordFile != null) ? " (read from " + passwordFile + ")" : ""));
			}
		}

		/** The password, from the setting or the file. */
		public Secret secret() {
			return Objects.requireNonNull(this.password);
		}

		private static String read(Path file) {
			try {
				return Files.readString(file, StandardCharsets.UTF_8).strip();
			}
			catch (IOException ex) {
				throw new IllegalArgumentException(
						"cannot read modelhost.accounts.admin.password-file " + file + ": " + ex.getMessage(), ex);
			}
		}

	}

	/** A secret value whose {@code toString()} never shows it. */
	public record Secret(String value) {

		@Override
		public String toString() {
			return "Secret[****]";
		}

	}

}
