package io.modelhost.analysis.web;

import java.net.URI;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.EvaluationOrder;
import io.modelhost.analysis.Evaluations;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobPage;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Evaluations: a model version scored on one of your labelled datasets. */
@RestController
@Tag(name = "Evaluations", description = "Score a model on one of your labelled datasets, or compare several on the "
		+ "same rows, through the model's own endpoint code (docs/analysis.md)")
class EvaluationController {

	private final Evaluations evaluations;

	EvaluationController(Evaluations evaluations) {
		this.evaluations = evaluations;
	}

	@PostMapping(path = "/api/v1/models/{id}/evaluations", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Evaluate a model on a dataset",
			description = "Scores every row of the dataset whose target has a value with the model version, in "
					+ "batches through the same checks as its endpoint, and measures the answers against the "
					+ "target: accuracy, f1_macro, log_loss, roc_auc, a confusion matrix, per-class figures and the "
					+ "worst errors for a classifier; r2, rmse, mae and the residuals for a regressor. Rows the "
					+ "model refuses are counted as skipped_rows. Needs a signed-in user (API keys are refused); "
					+ "the rows are not counted as prediction usage. Answers 202 with the queued job (Location: "
					+ "the evaluation). Every problem of the request is listed; a dataset without the model's "
					+ "features lists them (missingFeatures).")
	ResponseEntity<EvaluationResponse> submit(Caller caller, @PathVariable String id,
			@RequestBody EvaluationRequest request) {
		Job job = this.evaluations.submit(caller, id, new EvaluationOrder(orEmpty(request.datasetId()),
				QueryParameters.blankToNull(request.target()), request.version()));
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/evaluations/" + job.id().value()))
			.body(EvaluationResponse.of(job));
	}

	@GetMapping("/api/v1/models/{id}/evaluations")
	@Operation(summary = "List your evaluations of a model",
			description = "Newest first, paginated; each with its status and metrics. Another user's evaluations "
					+ "of a shared model are theirs alone.")
	EvaluationPage list(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "0") String page,
			@RequestParam(defaultValue = "20") String size) {
		JobPage result = this.evaluations.list(caller, id, QueryParameters.number("page", page, 0, 1_000_000),
				QueryParameters.number("size", size, 1, 100));
		return new EvaluationPage(result.jobs().stream().map(EvaluationSummary::of).toList(), result.page(),
				result.size(), result.total());
	}

	@GetMapping("/api/v1/evaluations/{id}")
	@Operation(summary = "One evaluation",
			description = "Status and progress while it runs (or follow events_url with an access token); once it "
					+ "succeeded, rows, skipped_rows, metrics and the details of its task.")
	EvaluationResponse get(Caller caller, @PathVariable String id) {
		return EvaluationResponse.of(this.evaluations.get(caller, JobId.parse(id)));
	}

	static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
