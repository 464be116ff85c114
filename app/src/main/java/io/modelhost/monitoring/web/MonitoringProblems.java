package io.modelhost.monitoring.web;

import java.util.List;
import java.util.Map;

import io.modelhost.monitoring.InvalidMonitoringRequestException;
import io.modelhost.monitoring.MonitoringException;
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

/** The monitoring module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class MonitoringProblems {

	private static final Logger log = LoggerFactory.getLogger(MonitoringProblems.class);

	@ExceptionHandler(MonitoringException.class)
	ResponseEntity<ProblemDetail> handle(MonitoringException ex, HttpServletRequest request) {
		log.debug("Monitoring request refused: {}", ex.getMessage());
		ProblemDetail problem = switch (ex) {
			case InvalidMonitoringRequestException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-monitoring-request",
						"Invalid monitoring request", Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.field(), "detail", invalid.getMessage())));
				yield bad;
			}
		};
		return ResponseEntity.status(problem.getStatus()).body(ProblemResponses.withRequestId(request, problem));
	}

}
