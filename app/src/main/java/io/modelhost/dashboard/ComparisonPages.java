package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.ComparisonOrder;
import io.modelhost.analysis.Comparisons;
import io.modelhost.analysis.InvalidAnalysisRequestException;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.Datasets;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobAlreadyFinishedException;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobLimitException;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.Permission;
import io.modelhost.web.QueryParameters;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Comparisons in the dashboard: the form (the models the user may use, a dataset, the
 * target) and a comparison's page: each model's metrics with the best marked, and the
 * rows where the models disagree.
 */
@Controller
class ComparisonPages {

	private final Comparisons comparisons;

	private final ModelRegistry registry;

	private final Datasets datasets;

	ComparisonPages(Comparisons comparisons, ModelRegistry registry, Datasets datasets) {
		this.comparisons = comparisons;
		this.registry = registry;
		this.datasets = datasets;
	}

	@GetMapping("/comparisons/new")
	String form(Caller caller, @RequestParam(required = false) @Nullable String model, ModelMap page) {
		describeForm(caller, (model != null) ? List.of(model) : List.of(), "", "", List.of(), page);
		return "comparisons/new";
	}

	@PostMapping("/comparisons")
	String start(Caller caller, @RequestParam(name = "modelIds", required = false) @Nullable List<String> modelIds,
			@RequestParam(defaultValue = "") String datasetId, @RequestParam(defaultValue = "") String target,
			ModelMap page, HttpServletResponse response, RedirectAttributes flash) {
		List<String> chosen = (modelIds != null) ? modelIds : List.of();
		List<String> problems;
		try {
			Job job = this.comparisons.submit(caller,
					new ComparisonOrder(chosen, datasetId, QueryParameters.blankToNull(target)));
			flash.addFlashAttribute("notice", "Comparison started.");
			return "redirect:/comparisons/" + job.id().value();
		}
		catch (InvalidAnalysisRequestException ex) {
			problems = ex.problems().stream().map((p) -> DatasetPages.sentence(p.message())).toList();
		}
		catch (DatasetNotFoundException ex) {
			problems = List.of("Pick one of your datasets.");
		}
		catch (JobLimitException ex) {
			problems = List.of(DatasetPages.sentence(ex.getMessage()));
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		describeForm(caller, chosen, datasetId, target, problems, page);
		return "comparisons/new";
	}

	@GetMapping("/comparisons/{id}")
	String comparison(Caller caller, @PathVariable String id, ModelMap page) {
		describe(caller, id, page);
		return "comparisons/comparison";
	}

	/** The part of the page that changes while the job runs, for htmx to poll. */
	@GetMapping("/comparisons/{id}/progress")
	String progress(Caller caller, @PathVariable String id, ModelMap page) {
		describe(caller, id, page);
		return "comparisons/comparison :: progress";
	}

	@PostMapping("/comparisons/{id}/cancel")
	String cancel(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		try {
			Job job = this.comparisons.cancel(caller, JobId.parse(id));
			flash.addFlashAttribute("notice",
					job.status().finished() ? "Comparison cancelled." : "Cancelling: the comparison stops within 2 s.");
		}
		catch (JobAlreadyFinishedException ex) {
			flash.addFlashAttribute("notice", "The comparison had already finished.");
		}
		return "redirect:/comparisons/" + id;
	}

	private void describeForm(Caller caller, List<String> chosen, String datasetId, String target,
			List<String> problems, ModelMap page) {
		var models = new ArrayList<Choice>();
		for (ModelAccess access : this.registry.visibleTo(caller.userId())) {
			if (access.permission().allows(Permission.USE)) {
				String id = access.model().id().value();
				models.add(new Choice(id, access.model().name() + " (v" + access.model().version().number() + ")",
						chosen.contains(id)));
			}
		}
		page.addAttribute("models", models);
		page.addAttribute("datasets",
				this.datasets.list(caller.userId(), 0, 100)
					.datasets()
					.stream()
					.map(EvaluationPanel.DatasetOption::of)
					.toList());
		page.addAttribute("datasetId", datasetId);
		page.addAttribute("target", target);
		page.addAttribute("problems", problems);
	}

	private void describe(Caller caller, String id, ModelMap page) {
		Job job = this.comparisons.get(caller, JobId.parse(id));
		JsonNode parameters = job.parameters();
		JsonNode result = job.result();
		page.addAttribute("job", EvaluationViews.JobState.of(job));
		page.addAttribute("datasetId", parameters.path("dataset_id").asString(""));
		page.addAttribute("datasetName", parameters.path("dataset_name").asString(""));
		page.addAttribute("target", parameters.path("target").asString("the pictures' labels"));
		page.addAttribute("task", parameters.path("task").asString(""));
		page.addAttribute("rows", (result != null) ? result.path("rows").asLong() : 0);
		page.addAttribute("skippedRows", (result != null) ? result.path("skipped_rows").asLong() : 0);
		page.addAttribute("skipped", EvaluationViews.RowView.skipped((result != null) ? result.get("skipped") : null));
		JsonNode models = (result != null) ? result.path("models") : parameters.path("models");
		var names = new LinkedHashMap<String, String>();
		models.forEach((m) -> names.put(m.path("model_id").asString(), m.path("name").asString("")));
		var metricNames = new ArrayList<String>();
		if (models.size() > 0) {
			models.get(0).path("metrics").propertyNames().forEach(metricNames::add);
		}
		JsonNode best = (result != null) ? result.path("best") : null;
		var rows = new ArrayList<Compared>();
		for (JsonNode model : models) {
			var cells = new ArrayList<MetricCell>();
			for (String metric : metricNames) {
				boolean isBest = false;
				if (best != null) {
					for (JsonNode winner : best.path(metric)) {
						isBest |= winner.asString().equals(model.path("model_id").asString());
					}
				}
				cells.add(new MetricCell(EvaluationViews.figure(model.path("metrics").path(metric)), isBest));
			}
			rows.add(new Compared(model.path("model_id").asString(), model.path("name").asString(""),
					model.path("version").asInt(), cells));
		}
		page.addAttribute("metricNames", metricNames);
		page.addAttribute("compared", rows);
		JsonNode disagreements = (result != null) ? result.path("disagreements") : null;
		page.addAttribute("disagreementCount", (disagreements != null) ? disagreements.path("count").asLong() : 0);
		var disagreeing = new ArrayList<Disagreement>();
		if (disagreements != null) {
			for (JsonNode row : disagreements.path("rows")) {
				var predictions = new ArrayList<String>();
				names.keySet()
					.forEach((model) -> predictions
						.add(EvaluationViews.RowView.value(row.path("predictions").path(model))));
				disagreeing.add(new Disagreement(row.path("row").asLong(), EvaluationViews.RowView.where(row),
						EvaluationViews.RowView.value(row.path("actual")), predictions));
			}
		}
		page.addAttribute("disagreements", disagreeing);
		page.addAttribute("modelNames", new ArrayList<>(names.values()));
	}

	/**
	 * A model offered for comparing.
	 *
	 * @param id its id
	 * @param label its name and served version
	 * @param checked whether it is chosen
	 */
	record Choice(String id, String label, boolean checked) {

	}

	/**
	 * One compared model's row.
	 *
	 * @param id its id
	 * @param name its name
	 * @param version the version scored
	 * @param metrics one cell per metric, in the header's order
	 */
	record Compared(String id, String name, int version, List<MetricCell> metrics) {

	}

	/**
	 * A metric of one model.
	 *
	 * @param value the figure, for reading
	 * @param best whether no model has a better one
	 */
	record MetricCell(String value, boolean best) {

	}

	/**
	 * A row the models disagree on.
	 *
	 * @param row its number among the data rows
	 * @param where its CSV line, or the picture's name
	 * @param actual the true label or value
	 * @param predictions each model's answer, in the models' order
	 */
	record Disagreement(long row, String where, String actual, List<String> predictions) {

	}

}
