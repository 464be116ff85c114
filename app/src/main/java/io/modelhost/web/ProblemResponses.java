package io.modelhost.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Writes a problem straight to the servlet response, for code that runs outside Spring
 * MVC (security filters, the container's error page).
 */
@Component
public class ProblemResponses {

	private final JsonMapper json;

	public ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	/** Writes the problem as {@code application/problem+json}, with the request id. */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		withRequestId(request, problem);
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** Adds the request id (if any) to the problem and returns it. */
	public static ProblemDetail withRequestId(HttpServletRequest request, ProblemDetail problem) {
		String id = RequestIds.of(request);
		if (id != null) {
			problem.setProperty("requestId", id);
		}
		if (problem.getInstance() == null) {
			Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			String path = (original instanceof String uri) ? uri : request.getRequestURI();
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// not a valid URI reference: leave the instance out
			}
		}
		return problem;
	}

}
