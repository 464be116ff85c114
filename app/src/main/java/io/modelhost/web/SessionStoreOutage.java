package io.modelhost.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 {@code database-unavailable} (a page for browsers, a problem otherwise)
 * when what fails for want of the database is a filter ahead of Spring MVC: the session
 * store of the {@code postgres} profile (Spring Session JDBC) reads and writes sessions
 * around every dashboard request. Without this, the failure would reach the container's
 * error page through the same session filter, and fail there again (500).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class SessionStoreOutage extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SessionStoreOutage.class);

	private static final String PAGE = """
			<!DOCTYPE html>
			<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
			<title>Database unavailable · Modelhost</title><link rel="stylesheet" href="/css/dashboard.css"></head>
			<body><main id="main" class="narrow"><h1>Database unavailable</h1>
			<p>The server cannot reach its database just now. Try again in a minute; your models keep answering
			predictions meanwhile.</p></main></body></html>
			""";

	private final ProblemResponses problems;

	SessionStoreOutage(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!DatabaseUnavailable.causedBy(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(),
					DatabaseUnavailable.rootCause(ex));
			response.resetBuffer();
			response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
			String accept = request.getHeader(HttpHeaders.ACCEPT);
			if (accept != null && accept.contains("text/html")) {
				response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
				response.setContentType("text/html;charset=UTF-8");
				response.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
				return;
			}
			this.problems.write(request, response, DatabaseUnavailable.problem());
		}
	}

}
