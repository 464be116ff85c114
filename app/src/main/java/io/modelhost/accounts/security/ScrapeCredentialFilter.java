package io.modelhost.accounts.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a metrics scraper read {@value #PATH} with HTTP Basic credentials
 * {@code prometheus:<modelhost.accounts.scrape-token>}: a long-lived secret for a
 * machine, good for that one endpoint and nothing else. Wrong credentials are refused at
 * once. Deliberately not a bean: it runs only inside the API's security filter chain, and
 * only when a token is configured.
 */
final class ScrapeCredentialFilter extends OncePerRequestFilter {

	static final String PATH = "/actuator/prometheus";

	static final String USERNAME = "prometheus";

	private final byte[] expected;

	private final AuthenticationEntryPoint entryPoint;

	ScrapeCredentialFilter(String token, AuthenticationEntryPoint entryPoint) {
		this.expected = (USERNAME + ":" + token).getBytes(StandardCharsets.UTF_8);
		this.entryPoint = entryPoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PATH.equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
			chain.doFilter(request, response);
			return;
		}
		if (!MessageDigest.isEqual(decode(header.substring(6).strip()), this.expected)) {
			SecurityContextHolder.clearContext();
			this.entryPoint.commence(request, response, new BadCredentialsException("wrong scrape credentials"));
			return;
		}
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(USERNAME, null,
				List.of(new SimpleGrantedAuthority(CallerAuthentication.METRICS))));
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	private static byte[] decode(String credentials) {
		try {
			return Base64.getDecoder().decode(credentials);
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

}
