package io.modelhost.accounts.security;

import java.io.IOException;
import java.util.Optional;

import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.internal.EnabledUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries an {@code X-API-Key} header. A key that is unknown
 * or revoked, or whose owner is disabled or deleted, is refused at once, even if the
 * request also carries a token. Deliberately not a bean: it runs only inside the API's
 * security filter chain.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private final ApiKeys apiKeys;

	private final EnabledUsers enabledUsers;

	private final AuthenticationEntryPoint entryPoint;

	ApiKeyAuthenticationFilter(ApiKeys apiKeys, EnabledUsers enabledUsers, AuthenticationEntryPoint entryPoint) {
		this.apiKeys = apiKeys;
		this.enabledUsers = enabledUsers;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		// the key lookup is cached apart from the user: ask again whether the owner is
		// enabled, which this replica forgets the moment it disables or deletes them
		Optional<Caller> caller = this.apiKeys.authenticate(key.strip())
			.filter((c) -> this.enabledUsers.roleOf(c.userId()).isPresent());
		if (caller.isEmpty()) {
			SecurityContextHolder.clearContext();
			this.entryPoint.commence(request, response, new BadCredentialsException("unknown or revoked API key"));
			return;
		}
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(CallerAuthentication.of(caller.get()));
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}

}
