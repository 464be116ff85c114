package io.modelhost.capture.web;

import java.util.List;
import java.util.Map;

import io.modelhost.capture.CaptureException;
import io.modelhost.capture.InvalidCaptureRequestException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The capture module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class CaptureProblems {

	private static final Logger log = LoggerFactory.getLogger(CaptureProblems.class);

	@ExceptionHandler(CaptureException.class)
	ResponseEntity<ProblemDetail> handle(CaptureException ex, HttpServletRequest request) {
		log.debug("Capture request refused: {}", ex.getMessage());
		ProblemDetail problem = switch (ex) {
			case InvalidCaptureRequestException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-capture-request",
						"Invalid capture request", Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.field(), "detail", invalid.getMessage())));
				yield bad;
			}
		};
		return ResponseEntity.status(problem.getStatus()).body(ProblemResponses.withRequestId(request, problem));
	}

}
