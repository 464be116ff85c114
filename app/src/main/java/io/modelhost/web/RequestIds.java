package io.modelhost.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sensible
 * token, otherwise a new one. The id is echoed in the response header, put in the logging
 * context and added to every problem response, so a user's report can be matched to the
 * logs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

	/** The header that carries the id both ways. */
	public static final String HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = request.getHeader(HEADER);
		if (id == null || !ACCEPTED.matcher(id).matches()) {
			id = UUID.randomUUID().toString();
		}
		request.setAttribute(ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		MDC.put("requestId", id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("requestId");
		}
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** The id of the request, or null outside a request that passed this filter. */
	public static @Nullable String of(HttpServletRequest request) {
		return (String) request.getAttribute(ATTRIBUTE);
	}

}
