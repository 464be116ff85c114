package io.modelhost.audit.web;

import java.util.List;
import java.util.Map;

import io.modelhost.audit.AuditException;
import io.modelhost.audit.InvalidAuditQueryException;
import io.modelhost.audit.NotAnAdministratorException;
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

/** The audit module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class AuditProblems {

	private static final Logger log = LoggerFactory.getLogger(AuditProblems.class);

	@ExceptionHandler(AuditException.class)
	ResponseEntity<ProblemDetail> handle(AuditException ex, HttpServletRequest request) {
		log.debug("Audit log request refused: {}", ex.getMessage());
		ProblemDetail problem = switch (ex) {
			case InvalidAuditQueryException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
						Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.parameter(), "detail", invalid.getMessage())));
				yield bad;
			}
			case NotAnAdministratorException forbidden ->
				Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", Problems.sentence(forbidden.getMessage()));
		};
		return ResponseEntity.status(problem.getStatus()).body(ProblemResponses.withRequestId(request, problem));
	}

}
