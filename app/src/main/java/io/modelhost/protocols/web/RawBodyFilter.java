package io.modelhost.protocols.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a body sent as {@code application/x-www-form-urlencoded} on {@code /v2} and
 * {@code /v1} for the protocol to read raw. curl sends that content type unless told
 * otherwise ({@code -d}, {@code --data-binary}); the container would parse such a body as
 * form parameters as soon as anything asks for a parameter (request mapping does), so a
 * JSON body would arrive empty, and binary tensor data, not being UTF-8, would fail to
 * decode. Here parameters come from the query string only. Stateless and thread-safe.
 */
class RawBodyFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI()
			.substring(Math.min(request.getContextPath().length(), request.getRequestURI().length()));
		return !ErrorMemberFilter.protocolPath(path) || !isForm(request.getContentType());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new QueryParameters(request), response);
	}

	private static boolean isForm(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** A request whose parameters are its query string's alone. */
	private static final class QueryParameters extends HttpServletRequestWrapper {

		private final Map<String, String[]> parameters;

		QueryParameters(HttpServletRequest request) {
			super(request);
			this.parameters = Collections.unmodifiableMap(parse(request.getQueryString()));
		}

		private static Map<String, String[]> parse(@Nullable String query) {
			var parameters = new LinkedHashMap<String, List<String>>();
			if (query != null) {
				for (String pair : query.split("&")) {
					if (pair.isEmpty()) {
						continue;
					}
					int equals = pair.indexOf('=');
					String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
					String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
					parameters.computeIfAbsent(name, (key) -> new java.util.ArrayList<>()).add(value);
				}
			}
			var arrays = new LinkedHashMap<String, String[]>();
			parameters.forEach((name, values) -> arrays.put(name, values.toArray(String[]::new)));
			return arrays;
		}

		/** Decoded, or as it is when it is not valid percent-encoding. */
		private static String decode(String text) {
			try {
				return URLDecoder.decode(text, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return text;
			}
		}

		@Override
		public @Nullable String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values != null) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.parameters;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String @Nullable [] getParameterValues(String name) {
			return this.parameters.get(name);
		}

	}

}
