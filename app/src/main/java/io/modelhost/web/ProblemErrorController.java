package io.modelhost.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error page (errors raised outside Spring MVC, such as in a
 * filter or while parsing a request), answered as a problem instead of Boot's default
 * body; a filter that failed for want of the database answers 503
 * {@code database-unavailable}.
 */
@Controller
class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	private final ProblemResponses responses;

	ProblemErrorController(ProblemResponses responses) {
		this.responses = responses;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& DatabaseUnavailable.causedBy(failure)) {
			log.warn("Database unavailable for {}: {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
					DatabaseUnavailable.rootCause(failure));
			response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
			this.responses.write(request, response, DatabaseUnavailable.problem());
			return;
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String detail = switch (status) {
			case NOT_FOUND -> "There is nothing at this address.";
			case CONTENT_TOO_LARGE -> "The request is larger than the server accepts.";
			case INTERNAL_SERVER_ERROR ->
				"The server failed to handle the request. Quote the request id when you report it.";
			default -> status.getReasonPhrase() + ".";
		};
		this.responses.write(request, response,
				Problems.of(status, ApiExceptionHandler.slug(status), status.getReasonPhrase(), detail));
	}

}
