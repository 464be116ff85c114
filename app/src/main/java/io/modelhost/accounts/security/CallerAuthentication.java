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

	private final Caller caller;

	private CallerAuthentication(Caller caller, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.caller = caller;
		setAuthenticated(true);
	}

	static CallerAuthentication of(Caller caller) {
		return switch (caller.credential()) {
			case ACCESS_TOKEN -> new CallerAuthentication(caller,
					caller.admin() ? AuthorityUtils.createAuthorityList(MANAGE, PREDICT, ADMIN)
							: AuthorityUtils.createAuthorityList(MANAGE, PREDICT));
			case API_KEY -> new CallerAuthentication(caller, AuthorityUtils.createAuthorityList(PREDICT));
		};
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
