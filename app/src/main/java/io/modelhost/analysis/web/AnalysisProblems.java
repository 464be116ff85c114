package io.modelhost.analysis.web;

import java.util.Map;

import io.modelhost.analysis.AnalysisException;
import io.modelhost.analysis.InvalidAnalysisRequestException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The analysis module's exceptions as problem details; models, datasets and jobs that are
 * not the caller's are their modules' own 404s.
 */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class AnalysisProblems {

	@ExceptionHandler(AnalysisException.class)
	ProblemDetail handle(AnalysisException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex) {
			case InvalidAnalysisRequestException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-analysis-request",
						"Invalid evaluation request", Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						invalid.problems()
							.stream()
							.map((p) -> Map.of("pointer", "/" + p.field(), "detail", p.message()))
							.toList());
				if (!invalid.missingFeatures().isEmpty()) {
					bad.setProperty("missingFeatures", invalid.missingFeatures());
				}
				yield bad;
			}
		};
		return ProblemResponses.withRequestId(request, problem);
	}

}
