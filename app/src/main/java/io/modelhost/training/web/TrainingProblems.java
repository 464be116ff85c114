package io.modelhost.training.web;

import java.util.Map;

import io.modelhost.training.InvalidTrainingOrderException;
import io.modelhost.training.TrainingException;
import io.modelhost.training.TrainingReportNotFoundException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The training module's exceptions as problem details; a job or dataset that is not the
 * caller's is the jobs' and datasets' own 404.
 */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class TrainingProblems {

	@ExceptionHandler(TrainingException.class)
	ProblemDetail handle(TrainingException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex) {
			case InvalidTrainingOrderException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-training-request",
						"Invalid training request", Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						invalid.problems()
							.stream()
							.map((p) -> Map.of("pointer", "/" + p.field(), "detail", p.message()))
							.toList());
				yield bad;
			}
			case TrainingReportNotFoundException missing -> Problems.of(HttpStatus.NOT_FOUND,
					"training-report-not-found", "Training report not found", Problems.sentence(missing.getMessage()));
		};
		return ProblemResponses.withRequestId(request, problem);
	}

}
