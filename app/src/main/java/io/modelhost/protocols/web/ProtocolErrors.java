package io.modelhost.protocols.web;

import java.util.Map;

import io.modelhost.accounts.ModelOutOfScopeException;
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
import io.modelhost.serving.ModelFileDamagedException;
import io.modelhost.web.DatabaseUnavailable;
import io.modelhost.serving.ModelUnavailableException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
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
		// what this failure is in the JSON API's terms, for the usage record
		request.setAttribute(ProblemResponses.PROBLEM_ATTRIBUTE,
				Problems.of(failure.status(), failure.slug(), failure.title(), failure.message()));
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
			case ProtocolException protocol ->
				new Failure(status(protocol), protocol.getMessage(), false, slug(protocol), title(protocol));
			case InvalidInputException invalid -> new Failure(HttpStatus.BAD_REQUEST,
					"invalid input: " + Messages.describe(invalid), false, "invalid-input", "Invalid input");
			case ModelNotFoundException notFound ->
				new Failure(HttpStatus.NOT_FOUND, notFound(request), false, "model-not-found", "Model not found");
			case VersionNotFoundException version -> new Failure(HttpStatus.NOT_FOUND, version.getMessage(), false,
					"version-not-found", "Version not found");
			case ModelOutOfScopeException outOfScope ->
				new Failure(HttpStatus.FORBIDDEN, "this API key may be used only with the models it was made for",
						false, "model-out-of-scope", "Model out of the key's scope");
			case NotPermittedException denied -> new Failure(HttpStatus.FORBIDDEN, denied.getMessage(), false,
					"insufficient-permission", "Insufficient permission");
			case ModelInactiveException inactive ->
				new Failure(HttpStatus.FORBIDDEN, inactive.getMessage(), false, "model-inactive", "Model inactive");
			case QueueFullException full -> new Failure(HttpStatus.SERVICE_UNAVAILABLE,
					"the model has " + full.capacity() + " predictions waiting already; try again shortly", true,
					"model-busy", "Model busy");
			case ShuttingDownException down -> new Failure(HttpStatus.SERVICE_UNAVAILABLE,
					"the server is shutting down; try again", true, "shutting-down", "Shutting down");
			case DeadlineExceededException deadline -> new Failure(HttpStatus.GATEWAY_TIMEOUT,
					"the prediction did not finish within " + deadline.deadline().toMillis() + " ms", false,
					"deadline-exceeded", "Deadline exceeded");
			case ModelFileDamagedException damaged -> new Failure(HttpStatus.SERVICE_UNAVAILABLE,
					"the stored file of version " + damaged.version()
							+ " of this model failed its integrity check, so it is not served; upload the model "
							+ "again or point production at another version" + quoteRequestId(request),
					false, "model-file-damaged", "Model file damaged");
			case ModelUnavailableException unavailable -> new Failure(HttpStatus.SERVICE_UNAVAILABLE,
					"the model cannot be served right now" + quoteRequestId(request), false, "model-unavailable",
					"Model unavailable");
			case InsufficientMemoryException memory -> new Failure(HttpStatus.INSUFFICIENT_STORAGE, memory.getMessage(),
					false, "insufficient-memory", "Insufficient memory");
			case PredictionFailedException failed ->
				new Failure(HttpStatus.INTERNAL_SERVER_ERROR, "the model failed to predict" + quoteRequestId(request),
						false, "prediction-failed", "Prediction failed");
			case AuthenticationException authentication -> new Failure(HttpStatus.UNAUTHORIZED,
					"authentication required", false, "unauthenticated", "Unauthenticated");
			case AccessDeniedException denied ->
				new Failure(HttpStatus.FORBIDDEN, "access denied", false, "forbidden", "Forbidden");
			case ErrorResponse spring -> new Failure(spring.getStatusCode(), springMessage(spring), false,
					slug(spring.getStatusCode()), title(spring.getStatusCode()));
			case Exception database when DatabaseUnavailable.causedBy(database) ->
				new Failure(HttpStatus.SERVICE_UNAVAILABLE,
						"the server cannot reach its database just now; try again in a few seconds", true,
						"database-unavailable", "Database unavailable");
			default -> new Failure(HttpStatus.INTERNAL_SERVER_ERROR,
					"the server failed to handle the request" + quoteRequestId(request), false, "internal-error",
					"Internal error");
		};
	}

	private static HttpStatus status(ProtocolException ex) {
		return switch (ex) {
			case BodyTooLargeException tooLarge -> HttpStatus.CONTENT_TOO_LARGE;
			case MalformedBodyException malformed -> HttpStatus.BAD_REQUEST;
			case UnsupportedContentTypeException unsupported -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
		};
	}

	private static String slug(ProtocolException ex) {
		return switch (ex) {
			case BodyTooLargeException tooLarge -> "request-too-large";
			case MalformedBodyException malformed -> "malformed-body";
			case UnsupportedContentTypeException unsupported -> "unsupported-media-type";
		};
	}

	private static String title(ProtocolException ex) {
		return switch (ex) {
			case BodyTooLargeException tooLarge -> "Request too large";
			case MalformedBodyException malformed -> "Malformed request body";
			case UnsupportedContentTypeException unsupported -> "Unsupported media type";
		};
	}

	/** As the JSON API's fallback names Spring's problems: after the status. */
	private static String slug(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
				: "http-" + status.value();
	}

	private static String title(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "HTTP " + status.value();
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
	 * @param slug the type of the JSON API's problem for the same failure
	 * @param title that problem type's title
	 */
	private record Failure(HttpStatusCode status, String message, boolean retryLater, String slug, String title) {

	}

}
