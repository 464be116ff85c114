package io.modelhost.analysis.web;

import java.net.URI;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.ComparisonOrder;
import io.modelhost.analysis.Comparisons;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobPage;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Comparisons: several models scored on the same rows of one of your datasets. */
@RestController
@RequestMapping("/api/v1/comparisons")
@Tag(name = "Evaluations")
class ComparisonController {

	private final Comparisons comparisons;

	ComparisonController(Comparisons comparisons) {
		this.comparisons = comparisons;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Compare models on a dataset",
			description = "Scores 2 to 5 models (each its served version) on the same rows, as an evaluation does "
					+ "(a row any model refuses is skipped for all), and answers per model the metrics, the best "
					+ "model per metric, and the rows where their predictions differ. Answers 202 with the queued "
					+ "job (Location: the comparison).")
	ResponseEntity<ComparisonResponse> submit(Caller caller, @RequestBody ComparisonRequest request) {
		Job job = this.comparisons.submit(caller,
				new ComparisonOrder((request.modelIds() != null) ? request.modelIds() : List.of(),
						EvaluationController.orEmpty(request.datasetId()),
						QueryParameters.blankToNull(request.target())));
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/comparisons/" + job.id().value()))
			.body(ComparisonResponse.of(job));
	}

	@GetMapping
	@Operation(summary = "List your comparisons", description = "Newest first, paginated.")
	ComparisonPage list(Caller caller, @RequestParam(defaultValue = "0") String page,
			@RequestParam(defaultValue = "20") String size) {
		JobPage result = this.comparisons.list(caller, QueryParameters.number("page", page, 0, 1_000_000),
				QueryParameters.number("size", size, 1, 100));
		return new ComparisonPage(result.jobs().stream().map(ComparisonResponse::of).toList(), result.page(),
				result.size(), result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One comparison",
			description = "Status and progress while it runs; once it succeeded, each model's metrics, best and "
					+ "disagreements.")
	ComparisonResponse get(Caller caller, @PathVariable String id) {
		return ComparisonResponse.of(this.comparisons.get(caller, JobId.parse(id)));
	}

}
