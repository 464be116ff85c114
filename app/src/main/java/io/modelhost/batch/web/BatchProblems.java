package io.modelhost.batch.web;

import java.util.List;
import java.util.Map;

import io.modelhost.batch.BatchException;
import io.modelhost.batch.BatchResultExpiredException;
import io.modelhost.batch.BatchResultNotReadyException;
import io.modelhost.batch.InvalidBatchRequestException;
import io.modelhost.batch.ModelNotTabularException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The batch module's exceptions as problem details; a job, model or dataset that is not
 * the caller's is the jobs', registry's and datasets' own 404.
 */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class BatchProblems {

	@ExceptionHandler(BatchException.class)
	ResponseEntity<ProblemDetail> handle(BatchException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex) {
			case InvalidBatchRequestException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-batch-request",
						"Invalid batch prediction request", Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.field(), "detail", invalid.getMessage())));
				yield bad;
			}
			case ModelNotTabularException notTabular -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
					"batch-model-not-tabular", "Model not tabular", Problems.sentence(notTabular.getMessage()));
			case BatchResultNotReadyException notReady -> {
				ProblemDetail conflict = Problems.of(HttpStatus.CONFLICT, "batch-result-not-ready",
						"Batch result not ready", Problems.sentence(notReady.getMessage()));
				conflict.setProperty("status", notReady.status().label());
				yield conflict;
			}
			case BatchResultExpiredException expired -> Problems.of(HttpStatus.GONE, "batch-result-expired",
					"Batch result expired", Problems.sentence(expired.getMessage()));
		};
		// also for a result's request, whose Accept names text/csv or
		// application/x-ndjson
		return ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemResponses.withRequestId(request, problem));
	}

}
