package io.modelhost.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The JSON API's fallback error handling: Spring MVC's own exceptions and anything no
 * module handled become problem details with a stable type and the request id; a database
 * that cannot be reached a 503 with {@code Retry-After}; an unexpected exception a 500
 * that says nothing about the server's insides. Modules handle their own exceptions in
 * advices of higher precedence.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
		if (DiskFull.causedBy(ex)) {
			log.warn("No space left for {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
			ProblemDetail problem = Problems.of(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage",
					"Insufficient storage", "The server has no room left to store this request's data; nothing of it "
							+ "was kept. Try again later, or with a smaller upload.");
			return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE)
				.body(ProblemResponses.withRequestId(request, problem));
		}
		if (DatabaseUnavailable.causedBy(ex)) {
			log.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(),
					DatabaseUnavailable.rootCause(ex));
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS)
				.body(ProblemResponses.withRequestId(request, DatabaseUnavailable.problem()));
		}
		log.error("Unexpected error handling {} {}", request.getMethod(), request.getRequestURI(), ex);
		ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The server failed to handle the request. Quote the request id when you report it.");
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemResponses.withRequestId(request, problem));
	}

	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> invalidParameter(InvalidParameterException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				Problems.sentence(ex.getMessage()));
		problem.setProperty("errors", List.of(Map.of("pointer", "/" + ex.parameter(), "detail", ex.getMessage())));
		return ResponseEntity.badRequest().body(ProblemResponses.withRequestId(request, problem));
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
				"The upload is larger than the limit."), request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var errors = ex.getFieldErrors()
			.stream()
			.map((error) -> Map.of("pointer", "/" + snakeCase(error.getField()), "detail",
					String.valueOf(error.getDefaultMessage())))
			.toList();
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				(errors.size() == 1)
						? snakeCase(ex.getFieldErrors().getFirst().getField()) + " " + errors.getFirst().get("detail")
						: "The request has " + errors.size() + " invalid fields.");
		problem.setProperty("errors", errors);
		return problem(problem, request);
	}

	private static String snakeCase(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		tools.jackson.core.JacksonException cause = jacksonCause(ex);
		if (cause == null) {
			// no body at all, or one that could not be read as text: the parser's message
			// is not ours to repeat
			ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
					"The request body is missing or is not valid JSON.");
			problem.setProperty("errors", List.of(Map.of("pointer", "", "detail", "send a JSON object")));
			return problem(problem, request);
		}
		JsonBodyProblems.BodyProblem found = JsonBodyProblems.describe(cause);
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
				JsonBodyProblems.sentence(found));
		problem.setProperty("errors", List.of(Map.of("pointer", found.pointer(), "detail", found.detail())));
		return problem(problem, request);
	}

	/**
	 * The outermost parser or binding failure, which knows the path (a date's own parse
	 * failure beneath it does not).
	 */
	private static tools.jackson.core.@Nullable JacksonException jacksonCause(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof tools.jackson.core.JacksonException jackson) {
				return jackson;
			}
		}
		return null;
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(Problems.of(HttpStatus.BAD_REQUEST, "missing-field", "Missing field",
				"The multipart field '" + ex.getRequestPartName() + "' is required."), request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(Problems.of(HttpStatus.BAD_REQUEST, "missing-field", "Missing field",
				"The field '" + ex.getParameterName() + "' is required."), request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, status, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem
				&& request instanceof ServletWebRequest servlet) {
			if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
				problem.setType(Problems.type(slug(status)));
			}
			ProblemResponses.withRequestId(servlet.getRequest(), problem);
		}
		return response;
	}

	private ResponseEntity<Object> problem(ProblemDetail problem, WebRequest request) {
		if (request instanceof ServletWebRequest servlet) {
			ProblemResponses.withRequestId(servlet.getRequest(), problem);
		}
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/** A slug for Spring's generic problems, from the status. */
	static String slug(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
				: "http-" + status.value();
	}

}
