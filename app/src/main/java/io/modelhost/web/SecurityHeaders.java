package io.modelhost.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the browser security headers on every answer, pages, API and errors alike: a
 * Content-Security-Policy that runs only scripts and styles served by this server (no
 * inline script, no inline style, no {@code eval}) and lets no other site frame a page,
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer},
 * {@code X-Frame-Options: DENY} for browsers that predate {@code frame-ancestors}, and
 * {@code Cross-Origin-Opener-Policy: same-origin}.
 *
 * <p>
 * Three policies, by path: the JSON API's answers are data and may load nothing at all;
 * Swagger UI (a third-party page) may also apply inline styles, which its React
 * components set; every other page gets the dashboard's policy. Headers are set before
 * the rest of the chain runs, so they are on errors of the security filters and of the
 * container's error page too. docs/security.md explains each directive. Stateless and
 * thread-safe.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class SecurityHeaders extends OncePerRequestFilter {

	/** The dashboard's pages: its own scripts, styles, pictures and requests only. */
	static final String SITE_POLICY = String.join("; ", "default-src 'self'", "script-src 'self'", "style-src 'self'",
			"img-src 'self' data:", "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
			"form-action 'self'", "frame-ancestors 'none'");

	/** Answers of the JSON API and the inference protocols: nothing to load or run. */
	static final String API_POLICY = String.join("; ", "default-src 'none'", "base-uri 'none'", "form-action 'none'",
			"frame-ancestors 'none'");

	/**
	 * Swagger UI: scripts from this server only, but inline styles allowed (its React
	 * components set {@code style} attributes) and {@code data:} pictures (its icons).
	 */
	static final String SWAGGER_POLICY = String.join("; ", "default-src 'self'", "script-src 'self'",
			"style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'", "font-src 'self'",
			"object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", policyFor(request.getRequestURI(), request.getContextPath()));
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
		chain.doFilter(request, response);
	}

	/** The policy for a request's path. */
	static String policyFor(String uri, String contextPath) {
		String path = uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
		if (path.startsWith("/swagger-ui/") || path.equals("/swagger-ui.html")) {
			return SWAGGER_POLICY;
		}
		if (path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/v2/")
				|| path.startsWith("/v3/api-docs") || path.startsWith("/actuator/") || path.equals("/actuator")) {
			return API_POLICY;
		}
		return SITE_POLICY;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// the error page keeps the policy of the request that failed
		return true;
	}

}
