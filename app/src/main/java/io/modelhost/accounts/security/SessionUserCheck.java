package io.modelhost.accounts.security;

import java.io.IOException;
import java.util.Optional;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.internal.EnabledUsers;
import io.modelhost.accounts.internal.UserStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies to a signed-in session what the API applies to an access token: the database,
 * not the session, says whether the user is still enabled and whether they are an
 * administrator. A disabled or deleted user's session ends on their next request, and so
 * does a session that signed in before the user's password changed (its credential
 * version is behind); a demoted one loses administration at once. Deliberately not a
 * bean: it runs only inside the site's filter chain.
 */
final class SessionUserCheck extends OncePerRequestFilter {

	private final EnabledUsers enabledUsers;

	SessionUserCheck(EnabledUsers enabledUsers) {
		this.enabledUsers = enabledUsers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication) {
			Caller caller = authentication.getPrincipal();
			Optional<UserStore.Standing> standing = this.enabledUsers.standing(caller.userId());
			Optional<Role> role = standing.filter((s) -> s.credentialVersion() == authentication.credentialVersion())
				.map(UserStore.Standing::role);
			if (role.isEmpty()) {
				// disabled, deleted, or their password changed since this session signed
				// in
				SecurityContextHolder.clearContext();
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
			}
			else if ((role.get() == Role.ADMIN) != caller.admin()) {
				// for this request only: the session keeps what login stored, and is
				// corrected again on the next one
				var context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(
						CallerAuthentication.of(Caller.withToken(caller.userId(), role.get() == Role.ADMIN),
								authentication.credentialVersion()));
				SecurityContextHolder.setContext(context);
			}
		}
		chain.doFilter(request, response);
	}

}
