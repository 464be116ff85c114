package io.modelhost.accounts.security;

import java.io.IOException;

import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** 401 and 403 from the security filters, as problem details. */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final ProblemResponses responses;

	ProblemSecurityHandlers(ProblemResponses responses) {
		this.responses = responses;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		boolean presented = request.getHeader("Authorization") != null
				|| request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null;
		String detail = presented ? "The access token or API key is invalid, expired or revoked."
				: "Authenticate with 'Authorization: Bearer <access token>' or 'X-API-Key: <key>'.";
		response.setHeader("WWW-Authenticate", "Bearer");
		this.responses.write(request, response,
				Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		boolean apiKey = SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication caller
				&& caller.getAuthorities()
					.stream()
					.noneMatch((a) -> CallerAuthentication.MANAGE.equals(a.getAuthority()));
		String detail = apiKey
				? "API keys can call prediction endpoints and read model docs only; use a bearer access token for this."
				: "You are not allowed to do this.";
		this.responses.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail));
	}

}
