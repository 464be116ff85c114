package io.modelhost.drift.web;

import java.util.List;
import java.util.Map;

import io.modelhost.drift.DriftException;
import io.modelhost.drift.DriftNotSupportedException;
import io.modelhost.drift.InvalidDriftRequestException;
import io.modelhost.drift.NoReferenceException;
import io.modelhost.drift.NotEnoughRowsException;
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

/** The drift module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class DriftProblems {

	private static final Logger log = LoggerFactory.getLogger(DriftProblems.class);

	@ExceptionHandler(DriftException.class)
	ResponseEntity<ProblemDetail> handle(DriftException ex, HttpServletRequest request) {
		log.debug("Drift request refused: {}", ex.getMessage());
		String detail = Problems.sentence(ex.getMessage());
		ProblemDetail problem = switch (ex) {
			case InvalidDriftRequestException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-drift-request",
						"Invalid drift request", detail);
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.field(), "detail", invalid.getMessage())));
				if (!invalid.missingFeatures().isEmpty()) {
					bad.setProperty("missingFeatures", invalid.missingFeatures());
				}
				yield bad;
			}
			case NoReferenceException none ->
				Problems.of(HttpStatus.CONFLICT, "no-drift-reference", "No reference dataset", detail);
			case NotEnoughRowsException few -> {
				ProblemDetail conflict = Problems.of(HttpStatus.CONFLICT, "not-enough-rows",
						"Too few rows to measure drift", detail);
				conflict.setProperty("rows", few.rows());
				conflict.setProperty("needed", few.needed());
				yield conflict;
			}
			case DriftNotSupportedException unsupported ->
				Problems.of(HttpStatus.CONFLICT, "drift-not-supported", "Drift not supported", detail);
		};
		return ResponseEntity.status(problem.getStatus()).body(ProblemResponses.withRequestId(request, problem));
	}

}
