package io.modelhost.protocols.web;

import java.util.Map;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.VersionNotFoundException;
import io.modelhost.runtime.InsufficientMemoryException;
import io.modelhost.scheduling.DeadlineExceededException;
import io.modelhost.scheduling.QueueFullException;
import io.modelhost.scheduling.ShuttingDownException;
import io.modelhost.serving.ModelUnavailableException;
import io.modelhost.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Every failure of a protocol adapter as a status and a message safe to show (no stack
 * trace, path or class name); each protocol's advice extends this and renders the pair in
 * its own error format. Busy and shutting-down answers carry {@code Retry-After: 1}.
 * Client errors are logged at DEBUG, server errors at ERROR (with the request id from the
 * logging context).
 */
public abstract class ProtocolErrors {

	private static final Logger log = LoggerFactory.getLogger(ProtocolErrors.class);

	/** The error body of this protocol. */
	protected abstract Object body(HttpStatusCode status, String message);

	@ExceptionHandler(Exception.class)
	public ResponseEntity<Object> handle(Exception ex, HttpServletRequest request) {
		Failure failure = failure(ex, request);
		if (failure.status().is5xxServerError()) {
			log.error("{} {} failed: {}", request.getMethod(), request.getRequestURI(), failure.message(), ex);
		}
		else {
			log.debug("{} {} refused: {}", request.getMethod(), request.getRequestURI(), failure.message());
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(failure.status())
			.contentType(MediaType.APPLICATION_JSON);
		if (failure.retryLater()) {
			response.header(HttpHeaders.RETRY_AFTER, "1");
		}
		return response.body(body(failure.status(), failure.message()));
	}

	private static Failure failure(Exception ex, HttpServletRequest request) {
		return switch (ex) {
			case ProtocolException protocol -> new Failure(status(protocol), protocol.getMessage(), false);
			case InvalidInputException invalid ->
				new Failure(HttpStatus.BAD_REQUEST, "invalid input: " + Messages.describe(invalid), false);
			case ModelNotFoundException notFound -> new Failure(HttpStatus.NOT_FOUND, notFound(request), false);
			case VersionNotFoundException version -> new Failure(HttpStatus.NOT_FOUND, version.getMessage(), false);
			case NotPermittedException denied -> new Failure(HttpStatus.FORBIDDEN, denied.getMessage(), false);
			case ModelInactiveException inactive -> new Failure(HttpStatus.FORBIDDEN, inactive.getMessage(), false);
			case QueueFullException full -> new Failure(HttpStatus.SERVICE_UNAVAILABLE,
					"the model has " + full.capacity() + " predictions waiting already; try again shortly", true);
			case ShuttingDownException down ->
				new Failure(HttpStatus.SERVICE_UNAVAILABLE, "the server is shutting down; try again", true);
			case DeadlineExceededException deadline -> new Failure(HttpStatus.GATEWAY_TIMEOUT,
					"the prediction did not finish within " + deadline.deadline().toMillis() + " ms", false);
			case ModelUnavailableException unavailable -> new Failure(HttpStatus.SERVICE_UNAVAILABLE,
					"the model cannot be served right now" + quoteRequestId(request), false);
			case InsufficientMemoryException memory ->
				new Failure(HttpStatus.INSUFFICIENT_STORAGE, memory.getMessage(), false);
			case PredictionFailedException failed -> new Failure(HttpStatus.INTERNAL_SERVER_ERROR,
					"the model failed to predict" + quoteRequestId(request), false);
			case AuthenticationException authentication ->
				new Failure(HttpStatus.UNAUTHORIZED, "authentication required", false);
			case AccessDeniedException denied -> new Failure(HttpStatus.FORBIDDEN, "access denied", false);
			case ErrorResponse spring -> new Failure(spring.getStatusCode(), springMessage(spring), false);
			default -> new Failure(HttpStatus.INTERNAL_SERVER_ERROR,
					"the server failed to handle the request" + quoteRequestId(request), false);
		};
	}

	private static HttpStatus status(ProtocolException ex) {
		return switch (ex) {
			case BodyTooLargeException tooLarge -> HttpStatus.CONTENT_TOO_LARGE;
			case MalformedBodyException malformed -> HttpStatus.BAD_REQUEST;
			case UnsupportedContentTypeException unsupported -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
		};
	}

	/** Names the model as the request did, which the exception cannot know. */
	private static String notFound(HttpServletRequest request) {
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
			Object model = (variables.get("name") != null) ? variables.get("name") : variables.get("id");
			if (model != null) {
				return "model '" + Messages.quote(model.toString()) + "' not found";
			}
		}
		return "model not found";
	}

	private static String springMessage(ErrorResponse spring) {
		String detail = spring.getBody().getDetail();
		if (detail != null) {
			return detail;
		}
		HttpStatus known = HttpStatus.resolve(spring.getStatusCode().value());
		return (known != null) ? known.getReasonPhrase() : "request failed";
	}

	private static String quoteRequestId(HttpServletRequest request) {
		String id = RequestIds.of(request);
		return (id != null) ? "; quote request id " + id + " when you report it" : "";
	}

	/**
	 * What went wrong, for the client.
	 *
	 * @param status the HTTP status
	 * @param message what happened, safe to show
	 * @param retryLater whether the client should try again shortly
	 */
	private record Failure(HttpStatusCode status, String message, boolean retryLater) {

	}

}
