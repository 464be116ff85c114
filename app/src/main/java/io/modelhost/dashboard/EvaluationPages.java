package io.modelhost.dashboard;

import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.EvaluationOrder;
import io.modelhost.analysis.Evaluations;
import io.modelhost.analysis.InvalidAnalysisRequestException;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobAlreadyFinishedException;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobLimitException;
import io.modelhost.web.QueryParameters;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Evaluations in the dashboard: starting one from the model's page, and its page (status
 * while it runs, htmx polling a fragment; then the metrics, the confusion matrix as a
 * heat map, per-class figures, the worst errors, or the residuals).
 */
@Controller
class EvaluationPages {

	private final Evaluations evaluations;

	EvaluationPages(Evaluations evaluations) {
		this.evaluations = evaluations;
	}

	@PostMapping("/models/{id}/evaluations")
	String start(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "") String datasetId,
			@RequestParam(defaultValue = "") String target, RedirectAttributes flash) {
		try {
			Job job = this.evaluations.submit(caller, id,
					new EvaluationOrder(datasetId, QueryParameters.blankToNull(target), null));
			flash.addFlashAttribute("notice", "Evaluation started.");
			return "redirect:/evaluations/" + job.id().value();
		}
		catch (InvalidAnalysisRequestException ex) {
			flash.addFlashAttribute("evaluationProblems",
					ex.problems().stream().map((p) -> DatasetPages.sentence(p.message())).toList());
		}
		catch (DatasetNotFoundException ex) {
			flash.addFlashAttribute("evaluationProblems", List.of("Pick one of your datasets."));
		}
		catch (JobLimitException ex) {
			flash.addFlashAttribute("evaluationProblems", List.of(DatasetPages.sentence(ex.getMessage())));
		}
		flash.addFlashAttribute("evaluationTarget", target);
		return "redirect:/models/" + id + "#evaluate";
	}

	@GetMapping("/evaluations/{id}")
	String evaluation(Caller caller, @PathVariable String id, ModelMap page) {
		describe(caller, id, page);
		return "evaluations/evaluation";
	}

	/** The part of the page that changes while the job runs, for htmx to poll. */
	@GetMapping("/evaluations/{id}/progress")
	String progress(Caller caller, @PathVariable String id, ModelMap page) {
		describe(caller, id, page);
		return "evaluations/evaluation :: progress";
	}

	@PostMapping("/evaluations/{id}/cancel")
	String cancel(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		try {
			Job job = this.evaluations.cancel(caller, JobId.parse(id));
			flash.addFlashAttribute("notice",
					job.status().finished() ? "Evaluation cancelled." : "Cancelling: the evaluation stops within 2 s.");
		}
		catch (JobAlreadyFinishedException ex) {
			flash.addFlashAttribute("notice", "The evaluation had already finished.");
		}
		return "redirect:/evaluations/" + id;
	}

	private void describe(Caller caller, String id, ModelMap page) {
		Job job = this.evaluations.get(caller, JobId.parse(id));
		JsonNode parameters = job.parameters();
		JsonNode model = parameters.path("models").path(0);
		JsonNode result = job.result();
		page.addAttribute("job", EvaluationViews.JobState.of(job));
		page.addAttribute("modelId", model.path("model_id").asString(""));
		page.addAttribute("modelName", model.path("name").asString(""));
		page.addAttribute("version", model.path("version").asInt());
		page.addAttribute("datasetId", parameters.path("dataset_id").asString(""));
		page.addAttribute("datasetName", parameters.path("dataset_name").asString(""));
		page.addAttribute("target", parameters.path("target").asString("the pictures' labels"));
		page.addAttribute("task", parameters.path("task").asString(""));
		page.addAttribute("regression", "regression".equals(parameters.path("task").asString("")));
		page.addAttribute("rows", (result != null) ? result.path("rows").asLong() : 0);
		page.addAttribute("skippedRows", (result != null) ? result.path("skipped_rows").asLong() : 0);
		page.addAttribute("metrics", EvaluationViews.Figure.of((result != null) ? result.get("metrics") : null));
		page.addAttribute("heatMap",
				EvaluationViews.HeatMap.of((result != null) ? result.get("confusion_matrix") : null));
		page.addAttribute("perClass", EvaluationViews.ClassRow.of((result != null) ? result.get("per_class") : null));
		page.addAttribute("errors", EvaluationViews.RowView.errors((result != null) ? result.get("errors") : null));
		page.addAttribute("skipped", EvaluationViews.RowView.skipped((result != null) ? result.get("skipped") : null));
		JsonNode residuals = (result != null) ? result.get("residuals") : null;
		page.addAttribute("residuals", EvaluationViews.Figure.of(residuals));
		page.addAttribute("percentiles",
				EvaluationViews.Figure.of((residuals != null) ? residuals.get("percentiles") : null));
		page.addAttribute("bins", EvaluationViews.Bin.of((residuals != null) ? residuals.get("histogram") : null));
	}

}
