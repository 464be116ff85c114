package io.modelhost.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logs one line per HTTP request, after it is answered, on the logger
 * {@code io.modelhost.request}: method, path (never the query string), status, latency,
 * and what the modules that handled it {@linkplain #tag tagged} (the model and version of
 * a prediction); the request id comes from the logging context {@link RequestIds} set.
 * Bodies, headers and credentials are never logged. Health probes and metric scrapes log
 * at debug, everything else at info; set the logger's level to {@code warn} to turn the
 * lines off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestLog extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger("io.modelhost.request");

	private static final String TAGS = RequestLog.class.getName() + ".tags";

	/**
	 * Adds a fact to the request's log line, e.g. {@code model}; only ids and numbers,
	 * never payloads or secrets.
	 */
	public static void tag(HttpServletRequest request, String key, Object value) {
		tags(request).put(key, value);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tags(HttpServletRequest request) {
		Object tags = request.getAttribute(TAGS);
		if (tags == null) {
			tags = new LinkedHashMap<String, Object>();
			request.setAttribute(TAGS, tags);
		}
		return (Map<String, Object>) tags;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			log(request, response.getStatus(), (System.nanoTime() - started) / 1_000_000.0);
		}
	}

	private static void log(HttpServletRequest request, int status, double millis) {
		String path = request.getRequestURI();
		boolean probe = path.startsWith("/actuator/") || path.startsWith("/v2/health/");
		Level level = probe ? Level.DEBUG : Level.INFO;
		if (!log.isEnabledForLevel(level)) {
			return;
		}
		double latency = Math.round(millis * 1000) / 1000.0;
		LoggingEventBuilder line = log.atLevel(level)
			.addKeyValue("http.method", request.getMethod())
			.addKeyValue("url.path", path)
			.addKeyValue("http.status", status)
			.addKeyValue("latency_ms", latency);
		for (Map.Entry<String, Object> tag : tags(request).entrySet()) {
			line = line.addKeyValue(tag.getKey(), tag.getValue());
		}
		line.log("{} {} {} {} ms", request.getMethod(), path, status, latency);
	}

}
