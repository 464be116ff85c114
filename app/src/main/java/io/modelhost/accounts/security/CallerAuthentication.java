package io.modelhost.accounts.security;

import java.util.Collection;

import io.modelhost.accounts.Caller;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/** An authenticated caller. */
final class CallerAuthentication extends AbstractAuthenticationToken {

	/** May call prediction endpoints and read model docs. */
	static final String PREDICT = "predict";

	/** May manage models, keys and the account. */
	static final String MANAGE = "manage";

	/** May administer the platform (and read its metrics). */
	static final String ADMIN = "admin";

	/** May read the metrics only: a scraper (see {@link ScrapeCredentialFilter}). */
	static final String METRICS = "metrics";

	/**
	 * Stands for "no credential version": an API key, which password changes leave alone.
	 */
	static final int NO_VERSION = -1;

	private final Caller caller;

	/**
	 * The user's credential version when the token or session was issued; it must equal
	 * the user's current one.
	 */
	private final int credentialVersion;

	private CallerAuthentication(Caller caller, int credentialVersion,
			Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.caller = caller;
		this.credentialVersion = credentialVersion;
		setAuthenticated(true);
	}

	/** An API key's caller. */
	static CallerAuthentication of(Caller caller) {
		return of(caller, NO_VERSION);
	}

	/** A caller issued at a credential version (access token or session). */
	static CallerAuthentication of(Caller caller, int credentialVersion) {
		return switch (caller.credential()) {
			case ACCESS_TOKEN -> new CallerAuthentication(caller, credentialVersion,
					caller.admin() ? AuthorityUtils.createAuthorityList(MANAGE, PREDICT, ADMIN)
							: AuthorityUtils.createAuthorityList(MANAGE, PREDICT));
			case API_KEY -> new CallerAuthentication(caller, NO_VERSION, AuthorityUtils.createAuthorityList(PREDICT));
		};
	}

	int credentialVersion() {
		return this.credentialVersion;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Caller getPrincipal() {
		return this.caller;
	}

	@Override
	public String getName() {
		return this.caller.userId().value();
	}

}
