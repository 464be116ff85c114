package io.modelhost.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.modelhost.accounts.internal.EnabledUsers;
import io.modelhost.accounts.internal.InvitationStore;
import io.modelhost.accounts.internal.LoginThrottle;
import io.modelhost.accounts.internal.RefreshTokenStore;
import io.modelhost.accounts.internal.Secrets;
import io.modelhost.accounts.internal.UserStore;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.IdGenerator;

/**
 * Registers users and logs them in.
 */
@Service
public class Accounts {

	private static final Logger log = LoggerFactory.getLogger(Accounts.class);

	/** The audience of every access token this platform issues. */
	public static final String AUDIENCE = "modelhost-api";

	/** The access token claim that carries the user's credential version. */
	static final String CREDENTIAL_VERSION_CLAIM = "cv";

	private final UserStore users;

	private final RefreshTokenStore refreshTokens;

	private final PasswordEncoder passwords;

	private final JwtEncoder jwt;

	private final AccountsProperties properties;

	private final Clock clock;

	private final IdGenerator ids;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final EnabledUsers enabledUsers;

	private final InvitationStore invitations;

	/** Hashed once, to spend the same time on an unknown user as on a wrong password. */
	private final String decoyHash;

	Accounts(UserStore users, RefreshTokenStore refreshTokens, PasswordEncoder passwords, JwtEncoder jwt,
			AccountsProperties properties, Clock clock, IdGenerator ids, LoginThrottle throttle,
			ApplicationEventPublisher events, TransactionTemplate transactions, EnabledUsers enabledUsers,
			InvitationStore invitations) {
		this.users = users;
		this.refreshTokens = refreshTokens;
		this.passwords = passwords;
		this.jwt = jwt;
		this.properties = properties;
		this.clock = clock;
		this.ids = ids;
		this.throttle = throttle;
		this.events = events;
		this.transactions = transactions;
		this.enabledUsers = enabledUsers;
		this.invitations = invitations;
		this.decoyHash = passwords.encode(Secrets.random(16));
	}

	/** Who may sign up ({@code modelhost.accounts.registration}). */
	public Registration registration() {
		return this.properties.registration();
	}

	/**
	 * Whether no administrator exists and none is configured: the sign-in page then says
	 * how to create the first one.
	 */
	public boolean awaitsFirstAdministrator() {
		return this.properties.admin() == null && !this.users.adminExists();
	}

	/**
	 * The id of the administrator the first-run setup creates: a second setup running at
	 * the same time, on this replica or another, collides with it on the primary key, so
	 * at most one first administrator is ever created this way.
	 */
	static final UserId FIRST_ADMINISTRATOR = new UserId("00000000-0000-0000-0000-000000000001");

	/** One first-run setup at a time on this replica. */
	private final Object firstRun = new Object();

	/**
	 * The first-run setup: creates the first administrator, only while
	 * {@link #awaitsFirstAdministrator()} (no administrator exists, none is configured).
	 * Race-safe: of concurrent calls, on any replica, at most one creates one.
	 * @return the new administrator, or empty if an administrator exists (or is
	 * configured) already
	 * @throws UsernameTakenException if the username is taken
	 * @throws EmailTakenException if the email address is taken
	 * @throws PasswordHashingBusyException if too many passwords are being hashed
	 */
	public Optional<Account> createFirstAdministrator(String username, String email, String password) {
		if (!awaitsFirstAdministrator()) {
			return Optional.empty();
		}
		String hash = this.passwords.encode(password);
		synchronized (this.firstRun) {
			try {
				return Optional.ofNullable(this.transactions.execute((status) -> {
					if (this.users.adminExists()) {
						return null;
					}
					String normalizedEmail = email.strip().toLowerCase(Locale.ROOT);
					if (this.users.usernameExists(username)) {
						throw new UsernameTakenException();
					}
					if (this.users.emailExists(normalizedEmail)) {
						throw new EmailTakenException();
					}
					var account = new Account(FIRST_ADMINISTRATOR, username, normalizedEmail, Role.ADMIN, true, now());
					this.users.insert(account, hash);
					this.events.publishEvent(new ActionTaken(account.id(), account.id(), "user.first_administrator",
							"user", account.id().value(), Map.of("username", account.username())));
					log.info("Created the first administrator {} with the first-run setup", username);
					return account;
				}));
			}
			catch (DuplicateKeyException ex) {
				// another replica's setup, or a registration, took the id, name or email
				if (this.users.adminExists()) {
					return Optional.empty();
				}
				throw this.users.usernameExists(username) ? new UsernameTakenException() : new EmailTakenException();
			}
		}
	}

	/**
	 * Creates a user account, if sign-up is open, or with an invitation if it needs one.
	 * With {@link Registration#INVITE}, the invitation is used in the transaction that
	 * creates the user: of two registrations with one invitation, one gets the account.
	 * @param invitation the invitation token; only read with {@link Registration#INVITE}
	 * @throws RegistrationClosedException if sign-up is closed
	 * @throws InvitationInvalidException if sign-up needs an invitation and this one is
	 * missing, unknown, used, expired, revoked or made for another email address
	 * @throws UsernameTakenException if the username is taken
	 * @throws EmailTakenException if the email address is taken
	 * @throws PasswordHashingBusyException if too many passwords are being hashed
	 */
	public Account register(String username, String email, String password, @Nullable String invitation) {
		Registration registration = this.properties.registration();
		String normalizedEmail = email.strip().toLowerCase(Locale.ROOT);
		String invitationHash = (invitation != null) ? Secrets.sha256(invitation) : null;
		switch (registration) {
			case OPEN -> {
			}
			case CLOSED -> throw new RegistrationClosedException();
			case INVITE -> {
				// checked before hashing, so that a wrong invitation costs no hash; used
				// below, atomically
				if (invitationHash == null || !this.invitations.usable(invitationHash, normalizedEmail, now())) {
					throw new InvitationInvalidException();
				}
			}
		}
		// hashed before the transaction: a sign-up waiting for its turn to hash holds no
		// database connection
		String hash = this.passwords.encode(password);
		return Objects.requireNonNull(this.transactions.execute((status) -> {
			Account account = insert(username, email, hash, Role.USER);
			if (registration == Registration.INVITE) {
				String used = this.invitations.use(Objects.requireNonNull(invitationHash), normalizedEmail,
						account.id(), now());
				if (used == null) {
					// used by another registration, revoked or expired since the check:
					// the exception rolls the user back
					throw new InvitationInvalidException();
				}
				this.events.publishEvent(new ActionTaken(account.id(), account.id(), "invitation.use", "invitation",
						used, Map.of("username", account.username())));
			}
			this.events.publishEvent(new ActionTaken(account.id(), account.id(), "user.register", "user",
					account.id().value(), Map.of("username", account.username())));
			return account;
		}));
	}

	/**
	 * Creates an enabled user with a role, publishing nothing: the caller says who did
	 * it.
	 * @throws UsernameTakenException if the username is taken
	 * @throws EmailTakenException if the email address is taken
	 */
	Account create(String username, String email, String password, Role role) {
		return insert(username, email, this.passwords.encode(password), role);
	}

	private Account insert(String username, String email, String passwordHash, Role role) {
		String normalizedEmail = email.strip().toLowerCase(Locale.ROOT);
		if (this.users.usernameExists(username)) {
			throw new UsernameTakenException();
		}
		if (this.users.emailExists(normalizedEmail)) {
			throw new EmailTakenException();
		}
		var account = new Account(new UserId(this.ids.generateId().toString()), username, normalizedEmail, role, true,
				now());
		try {
			this.users.insert(account, passwordHash);
		}
		catch (DuplicateKeyException ex) {
			// a concurrent registration took the name or email between the checks and the
			// insert
			throw this.users.usernameExists(username) ? new UsernameTakenException() : new EmailTakenException();
		}
		return account;
	}

	/**
	 * Creates the configured administrator, unless an administrator exists already (then
	 * the setting is ignored: it only bootstraps an empty installation).
	 * @return whether it was created
	 */
	boolean createAdminIfNoneExists(AccountsProperties.Admin admin) {
		try {
			return createAdmin(admin);
		}
		catch (DuplicateKeyException ex) {
			// another replica starting on the same database created it first
			log.info("modelhost.accounts.admin ({}) was created by another replica", admin.username());
			return false;
		}
	}

	private boolean createAdmin(AccountsProperties.Admin admin) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			if (this.users.adminExists()) {
				log.info("An administrator exists: modelhost.accounts.admin ({}) is ignored", admin.username());
				return false;
			}
			if (this.users.usernameExists(admin.username())) {
				log.warn("modelhost.accounts.admin.username {} is taken by a user who is not an administrator: "
						+ "no administrator was created", admin.username());
				return false;
			}
			var account = new Account(new UserId(this.ids.generateId().toString()), admin.username(),
					admin.email().strip().toLowerCase(Locale.ROOT), Role.ADMIN, true, now());
			this.users.insert(account, this.passwords.encode(admin.secret().value()));
			log.info("Created the first administrator {} from modelhost.accounts.admin", admin.username());
			return true;
		}));
	}

	@EventListener(ApplicationReadyEvent.class)
	void createConfiguredAdmin() {
		if (this.properties.admin() != null) {
			createAdminIfNoneExists(this.properties.admin());
		}
	}

	/**
	 * Checks a username and password and issues tokens.
	 * @param clientNetwork where the attempt comes from: failures are counted per
	 * username and network, so that failures elsewhere do not lock the user out
	 * @throws InvalidCredentialsException for an unknown or disabled user or a wrong
	 * password alike
	 * @throws TooManyLoginAttemptsException after too many failures for this username
	 * from this network
	 * @throws PasswordHashingBusyException if too many passwords are being checked
	 */
	public Tokens login(String username, String password, String clientNetwork) {
		SignedIn signedIn = authenticate(username, password, clientNetwork);
		return issue(signedIn.account(), signedIn.credentialVersion(), this.ids.generateId().toString());
	}

	/**
	 * Checks a username and password, issuing nothing: for the dashboard's session login,
	 * with the same throttle and the same rules as {@link #login}.
	 * @param clientNetwork where the attempt comes from (see {@link #login})
	 * @return the enabled account and its credential version
	 * @throws InvalidCredentialsException for an unknown or disabled user or a wrong
	 * password alike
	 * @throws TooManyLoginAttemptsException after too many failures for this username
	 * from this network
	 * @throws PasswordHashingBusyException if too many passwords are being checked
	 */
	public SignedIn authenticate(String username, String password, String clientNetwork) {
		Duration wait = this.throttle.waitFor(username, clientNetwork);
		if (!wait.isZero()) {
			throw new TooManyLoginAttemptsException(wait);
		}
		Optional<UserStore.Credentials> credentials = this.users.findCredentials(username);
		String hash = credentials.map(UserStore.Credentials::passwordHash).orElse(this.decoyHash);
		boolean matches = this.passwords.matches(password, hash);
		if (credentials.isEmpty() || !matches) {
			this.throttle.failed(username, clientNetwork);
			throw new InvalidCredentialsException();
		}
		return new SignedIn(credentials.get().account(), credentials.get().credentialVersion());
	}

	/**
	 * Exchanges a refresh token for new tokens; the old refresh token stops working.
	 * Using a refresh token a second time revokes its whole family (the login and every
	 * rotation since): someone else has a copy.
	 * @throws InvalidCredentialsException for an unknown, used, revoked or expired token,
	 * or one of a disabled user
	 */
	@Transactional(noRollbackFor = InvalidCredentialsException.class)
	public Tokens refresh(String refreshToken) {
		Instant now = this.clock.instant();
		RefreshTokenStore.Stored stored = this.refreshTokens.find(Secrets.sha256(refreshToken))
			.orElseThrow(InvalidCredentialsException::new);
		if (stored.revoked() || !this.refreshTokens.revoke(stored.id(), now)) {
			this.refreshTokens.revokeFamily(stored.familyId(), now);
			throw new InvalidCredentialsException();
		}
		if (!stored.expiresAt().isAfter(now)) {
			throw new InvalidCredentialsException();
		}
		Account account = this.users.find(stored.user()).orElseThrow(InvalidCredentialsException::new);
		int version = this.users.enabledStanding(stored.user())
			.map(UserStore.Standing::credentialVersion)
			.orElseThrow(InvalidCredentialsException::new);
		if (version != stored.credentialVersion()) {
			// issued before a password change: revoking all tokens then should have
			// caught it; the version holds even if a revocation was missed
			this.refreshTokens.revokeFamily(stored.familyId(), now);
			throw new InvalidCredentialsException();
		}
		return issue(account, version, stored.familyId());
	}

	/** Ends the login a refresh token belongs to; an unknown token is ignored. */
	@Transactional
	public void logout(String refreshToken) {
		this.refreshTokens.find(Secrets.sha256(refreshToken))
			.ifPresent((stored) -> this.refreshTokens.revokeFamily(stored.familyId(), this.clock.instant()));
	}

	/**
	 * Changes a user's password and ends all their logins: refresh tokens are revoked,
	 * and the credential version moves on, so access tokens and dashboard sessions issued
	 * before stop working on their next request. The caller gets fresh tokens to stay
	 * signed in. Every attempt counts towards the user's allowance of password changes
	 * ({@code login-attempts} per {@code login-lockout}), checked before any hashing.
	 * @return tokens issued at the new credential version
	 * @throws InvalidCredentialsException if the current password is wrong
	 * @throws TooManyPasswordChangesException if the user tried too often lately
	 * @throws PasswordHashingBusyException if too many passwords are being checked
	 */
	public Tokens changePassword(UserId user, String currentPassword, String newPassword) {
		Duration wait = this.throttle.passwordChange(user);
		if (!wait.isZero()) {
			throw new TooManyPasswordChangesException(wait);
		}
		// both hashes outside the transaction, as in register
		String hash = this.users.passwordHash(user).orElseThrow(InvalidCredentialsException::new);
		if (!this.passwords.matches(currentPassword, hash)) {
			throw new InvalidCredentialsException();
		}
		String newHash = this.passwords.encode(newPassword);
		return Objects.requireNonNull(this.transactions.execute((status) -> {
			this.users.updatePasswordHash(user, newHash);
			this.refreshTokens.revokeAll(user, this.clock.instant());
			this.enabledUsers.forget(user);
			this.events.publishEvent(new ActionTaken(user, user, "user.password_change", "user", user.value()));
			UserStore.Standing standing = this.users.enabledStanding(user)
				.orElseThrow(InvalidCredentialsException::new);
			Account account = this.users.find(user).orElseThrow(InvalidCredentialsException::new);
			return issue(account, standing.credentialVersion(), this.ids.generateId().toString());
		}));
	}

	/**
	 * Signs the user out everywhere: refresh tokens are revoked and the credential
	 * version moves on, so every access token and dashboard session issued before, this
	 * one's included, stops working on its next request. API keys are not touched.
	 */
	public void signOutEverywhere(UserId user) {
		this.transactions.executeWithoutResult((status) -> {
			this.users.raiseCredentialVersion(user);
			this.refreshTokens.revokeAll(user, this.clock.instant());
			this.enabledUsers.forget(user);
			this.events.publishEvent(new ActionTaken(user, user, "user.sign_out_everywhere", "user", user.value()));
		});
	}

	/** The enabled account with this id. */
	public Optional<Account> find(UserId id) {
		return this.users.find(id);
	}

	/** The enabled account with this email address, compared ignoring case. */
	public Optional<Account> findByEmail(String email) {
		return this.users.findByEmail(email.strip().toLowerCase(Locale.ROOT));
	}

	/** Now, as precise as the database keeps it, so an answer matches a later read. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The credential version an access token's claims carry; tokens issued before
	 * versions existed carry none and count as version 0, the version every user started
	 * at.
	 */
	public static int credentialVersion(Map<String, Object> claims) {
		return (claims.get(CREDENTIAL_VERSION_CLAIM) instanceof Number number) ? number.intValue() : 0;
	}

	private Tokens issue(Account account, int credentialVersion, String familyId) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.properties.issuer())
			.audience(List.of(AUDIENCE))
			.subject(account.id().value())
			.claim("name", account.username())
			.claim("role", account.role().name())
			.claim(CREDENTIAL_VERSION_CLAIM, credentialVersion)
			.id(this.ids.generateId().toString())
			.issuedAt(now)
			.expiresAt(now.plus(this.properties.accessTokenTtl()))
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		String accessToken = this.jwt.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		String refreshToken = "mhr_" + Secrets.random(32);
		this.refreshTokens.insert(this.ids.generateId().toString(), account.id(), Secrets.sha256(refreshToken),
				familyId, now, now.plus(this.properties.refreshTokenTtl()), credentialVersion);
		return new Tokens(accessToken, refreshToken, this.properties.accessTokenTtl());
	}

}
