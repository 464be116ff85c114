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

	/**
	 * The request attribute holding the {@link ProblemDetail} a request was answered with
	 * (or, for protocols with their own error format, the problem it stands for), so that
	 * usage records can name the error's type.
	 */
	public static final String PROBLEM_ATTRIBUTE = ProblemResponses.class.getName() + ".problem";

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

	/**
	 * Adds the request id (if any) to the problem, leaves the problem on the request
	 * under {@link #PROBLEM_ATTRIBUTE}, and returns it.
	 */
	public static ProblemDetail withRequestId(HttpServletRequest request, ProblemDetail problem) {
		request.setAttribute(PROBLEM_ATTRIBUTE, problem);
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
