package io.modelhost.accounts.security;

import java.time.Duration;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.InvalidCredentialsException;
import io.modelhost.accounts.PasswordHashingBusyException;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.SignedIn;
import io.modelhost.accounts.TooManyLoginAttemptsException;
import io.modelhost.web.ClientAddress;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The dashboard's form login: checks the username and password with {@link Accounts},
 * under the same throttle and rules as the API's login, and signs the user in with the
 * rights of an access token. Deliberately not a bean: only the site's filter chain uses
 * it.
 */
final class SessionLoginProvider implements AuthenticationProvider {

	private final Accounts accounts;

	private final ClientAddress addresses;

	SessionLoginProvider(Accounts accounts, ClientAddress addresses) {
		this.accounts = accounts;
		this.addresses = addresses;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		Object credentials = authentication.getCredentials();
		String password = (credentials != null) ? credentials.toString() : "";
		try {
			SignedIn signedIn = this.accounts.authenticate(username, password, clientNetwork());
			Account account = signedIn.account();
			return CallerAuthentication.of(Caller.withToken(account.id(), account.role() == Role.ADMIN),
					signedIn.credentialVersion());
		}
		catch (InvalidCredentialsException ex) {
			throw new BadCredentialsException("invalid username or password");
		}
		catch (TooManyLoginAttemptsException ex) {
			throw new LoginThrottledException(ex.retryAfter());
		}
		catch (PasswordHashingBusyException ex) {
			throw new LoginBusyException();
		}
	}

	/**
	 * The network of the request being signed in: the form login and sign-up's
	 * {@code request.login} both run on the request's thread, which Spring's request
	 * context filter has bound.
	 */
	private String clientNetwork() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return this.addresses.network(attributes.getRequest());
		}
		throw new IllegalStateException("a session login outside of a request");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** Too many passwords are being checked at once; try again shortly. */
	static final class LoginBusyException extends AuthenticationException {

		LoginBusyException() {
			super("too many passwords are being checked at once");
		}

	}

	/** Too many failed logins for the username; it may try again after a while. */
	static final class LoginThrottledException extends AuthenticationException {

		private final Duration retryAfter;

		LoginThrottledException(Duration retryAfter) {
			super("too many failed logins");
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
