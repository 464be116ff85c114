package io.modelhost.usage.web;

import java.util.List;
import java.util.Map;

import io.modelhost.usage.InvalidStatsQueryException;
import io.modelhost.usage.UsageException;
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

/** The usage module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class UsageProblems {

	private static final Logger log = LoggerFactory.getLogger(UsageProblems.class);

	@ExceptionHandler(UsageException.class)
	ResponseEntity<ProblemDetail> handle(UsageException ex, HttpServletRequest request) {
		log.debug("Statistics request refused: {}", ex.getMessage());
		ProblemDetail problem = switch (ex) {
			case InvalidStatsQueryException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
						Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.parameter(), "detail", invalid.getMessage())));
				yield bad;
			}
		};
		return ResponseEntity.status(problem.getStatus()).body(ProblemResponses.withRequestId(request, problem));
	}

}
