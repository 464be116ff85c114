package io.modelhost.jobs.web;

import java.util.List;
import java.util.Map;

import io.modelhost.jobs.InvalidJobParametersException;
import io.modelhost.jobs.JobAlreadyFinishedException;
import io.modelhost.jobs.JobException;
import io.modelhost.jobs.JobLimitException;
import io.modelhost.jobs.JobNotFoundException;
import io.modelhost.jobs.UnknownJobKindException;
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
 * The jobs module's exceptions as problem details, for the jobs' endpoints and for those
 * of modules that submit jobs (training, …).
 */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class JobProblems {

	@ExceptionHandler(JobException.class)
	ResponseEntity<ProblemDetail> handle(JobException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex) {
			case JobNotFoundException missing ->
				Problems.of(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", "You have no job with this id.");
			case JobAlreadyFinishedException finished -> {
				ProblemDetail conflict = Problems.of(HttpStatus.CONFLICT, "job-finished", "Job already finished",
						Problems.sentence(finished.getMessage()));
				conflict.setProperty("status", finished.status().label());
				yield conflict;
			}
			case UnknownJobKindException unknown -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "unknown-job-kind", "Unknown job kind",
						Problems.sentence(unknown.getMessage()));
				bad.setProperty("errors", List.of(Map.of("pointer", "/kind", "detail", unknown.getMessage())));
				yield bad;
			}
			case InvalidJobParametersException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-job-parameters",
						"Invalid job parameters", Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.field(), "detail", invalid.getMessage())));
				yield bad;
			}
			case JobLimitException limit -> {
				ProblemDetail full = Problems.of(HttpStatus.CONFLICT, "job-limit-reached", "Job limit reached",
						Problems.sentence(limit.getMessage()));
				full.setProperty("limit", limit.limit());
				yield full;
			}
		};
		// also for an event stream's request, whose Accept names only text/event-stream
		return ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemResponses.withRequestId(request, problem));
	}

}
