package io.modelhost.serving.web;

import java.util.List;
import java.util.Map;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.scheduling.DeadlineExceededException;
import io.modelhost.scheduling.QueueFullException;
import io.modelhost.scheduling.ShuttingDownException;
import io.modelhost.serving.ImagesNotAcceptedException;
import io.modelhost.serving.InvalidPictureException;
import io.modelhost.serving.ModelFileDamagedException;
import io.modelhost.serving.ModelUnavailableException;
import io.modelhost.web.JsonBodyProblems;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Prediction failures as problem details: the caller's input (400) apart from the
 * server's faults (5xx).
 */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class ServingProblems {

	private static final Logger log = LoggerFactory.getLogger(ServingProblems.class);

	@ExceptionHandler(InvalidInputException.class)
	ProblemDetail invalidInput(InvalidInputException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
				ex.problems().size() == 1 ? Problems.sentence(ex.problems().getFirst().detail())
						: "The input has " + ex.problems().size() + " problems; see errors.");
		problem.setProperty("errors",
				ex.problems().stream().map((p) -> Map.of("pointer", p.pointer(), "detail", p.detail())).toList());
		return ProblemResponses.withRequestId(request, problem);
	}

	/**
	 * Pictures for a model without an image input: 415 for a picture body, 422 for
	 * pictures in JSON (the media type was fine).
	 */
	@ExceptionHandler(ImagesNotAcceptedException.class)
	ProblemDetail imagesNotAccepted(ImagesNotAcceptedException ex, HttpServletRequest request) {
		String contentType = String.valueOf(request.getContentType());
		HttpStatus status = contentType.startsWith("application/json") ? HttpStatus.UNPROCESSABLE_CONTENT
				: HttpStatus.UNSUPPORTED_MEDIA_TYPE;
		return ProblemResponses.withRequestId(request, Problems.of(status, "images-not-accepted",
				"Model takes no pictures", Problems.sentence(ex.getMessage())));
	}

	/**
	 * A picture that is not a PNG or JPEG at all (415), or damaged or too large to decode
	 * (422).
	 */
	@ExceptionHandler(InvalidPictureException.class)
	ProblemDetail invalidPicture(InvalidPictureException ex, HttpServletRequest request) {
		ProblemDetail problem = ex.looksLikePicture()
				? Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unreadable-picture", "Unreadable picture",
						Problems.sentence(ex.getMessage()))
				: Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-picture", "Not a PNG or JPEG picture",
						Problems.sentence(ex.getMessage()));
		problem.setProperty("errors", List.of(Map.of("pointer", ex.pointer(), "detail", ex.getMessage())));
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(MalformedJsonException.class)
	ProblemDetail malformed(MalformedJsonException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
				JsonBodyProblems.sentence(ex.problem()));
		problem.setProperty("errors",
				List.of(Map.of("pointer", ex.problem().pointer(), "detail", ex.problem().detail())));
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(RequestTooLargeException.class)
	ProblemDetail tooLarge(RequestTooLargeException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
				"Request too large", "The request body is larger than the limit of " + ex.limit() + " bytes."));
	}

	@ExceptionHandler(QueueFullException.class)
	ResponseEntity<ProblemDetail> queueFull(QueueFullException ex, HttpServletRequest request) {
		return retryLater(ProblemResponses.withRequestId(request,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "model-busy", "Model busy", "The model has " + ex.capacity()
						+ " predictions waiting already. Try again shortly; other models are not affected.")));
	}

	@ExceptionHandler(ShuttingDownException.class)
	ResponseEntity<ProblemDetail> shuttingDown(ShuttingDownException ex, HttpServletRequest request) {
		return retryLater(ProblemResponses.withRequestId(request, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
				"shutting-down", "Shutting down",
				"This server is shutting down. Try again; another replica or " + "the restarted server will answer.")));
	}

	@ExceptionHandler(DeadlineExceededException.class)
	ProblemDetail deadline(DeadlineExceededException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.GATEWAY_TIMEOUT, "deadline-exceeded",
				"Deadline exceeded", "The prediction did not finish within " + ex.deadline().toMillis() + " ms."));
	}

	private static ResponseEntity<ProblemDetail> retryLater(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	@ExceptionHandler(ModelFileDamagedException.class)
	ProblemDetail damaged(ModelFileDamagedException ex, HttpServletRequest request) {
		log.error("Model file damaged: {}", ex.getMessage());
		ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "model-file-damaged", "Model file damaged",
				"The stored file of version " + ex.version() + " of this model failed its integrity check (its "
						+ "SHA-256 is not the one recorded at upload), so it is not served. Upload the model again "
						+ "as a new version, or point production at another version.");
		problem.setProperty("version", ex.version());
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(ModelUnavailableException.class)
	ProblemDetail unavailable(ModelUnavailableException ex, HttpServletRequest request) {
		log.error("Model unavailable: {}", ex.getMessage(), ex);
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "model-unavailable",
				"Model unavailable", "The model cannot be served right now. Quote the request id when you report it."));
	}

	@ExceptionHandler(PredictionFailedException.class)
	ProblemDetail failed(PredictionFailedException ex, HttpServletRequest request) {
		log.error("Prediction failed: {}", ex.getMessage(), ex);
		return ProblemResponses.withRequestId(request,
				Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "prediction-failed", "Prediction failed",
						"The model failed to predict. Quote the request id when you report it."));
	}

}
