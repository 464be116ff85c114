package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobAlreadyFinishedException;
import io.modelhost.jobs.JobId;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingJob;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A training job's page: status, stage and progress, the leaderboard filling in while it
 * runs (htmx polls a fragment; without JavaScript, a refresh link), cancelling, and the
 * trained model's link or the error once it is over.
 */
@Controller
class TrainingPages {

	private final Training training;

	TrainingPages(Training training) {
		this.training = training;
	}

	@GetMapping("/training/{id}")
	String job(Caller caller, @PathVariable String id, ModelMap page) {
		describe(caller, id, page);
		return "training/job";
	}

	/** The part of the page that changes while the job runs, for htmx to poll. */
	@GetMapping("/training/{id}/progress")
	String progress(Caller caller, @PathVariable String id, ModelMap page) {
		describe(caller, id, page);
		return "training/job :: progress";
	}

	@PostMapping("/training/{id}/cancel")
	String cancel(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		try {
			Job job = this.training.cancel(caller.userId(), JobId.parse(id));
			flash.addFlashAttribute("notice", job.status().finished() ? "Training cancelled."
					: "Cancelling: the training stops within 2 seconds and registers no model.");
		}
		catch (JobAlreadyFinishedException ex) {
			flash.addFlashAttribute("notice", "The training had already finished.");
		}
		return "redirect:/training/" + id;
	}

	private void describe(Caller caller, String id, ModelMap page) {
		TrainingJob training = this.training.get(caller.userId(), JobId.parse(id));
		Job job = training.job();
		JsonNode parameters = job.parameters();
		JsonNode result = job.result();
		String metric = parameters.path("metric").asString("");
		page.addAttribute("job",
				new JobView(job.id().value(), job.status().label(), !job.status().finished(),
						(int) Math.round(job.progress() * 100), (job.stage() != null) ? job.stage() : "",
						parameters.path("dataset_id").asString(""), parameters.path("dataset_name").asString(""),
						parameters.path("target").asString(""), parameters.path("model_name").asString(""),
						parameters.path("task").asString(""), metric, parameters.path("time_budget_s").asLong(),
						(result != null && result.has("model_id")) ? result.get("model_id").asString() : null,
						job.error(), job.cancelRequested()));
		JsonNode board = (result != null) ? result.path("leaderboard") : null;
		page.addAttribute("leaderboard", (board != null && board.isArray()) ? Leader.of(board, metric)
				: Leader.of(training.candidates(), metric));
	}

	/**
	 * A training job, for reading.
	 *
	 * @param id its id
	 * @param status queued, running, succeeded, failed or cancelled
	 * @param live whether it may still change (the page polls while it is)
	 * @param percent its progress, 0..100
	 * @param stage what it is doing
	 * @param datasetId the dataset it trains on
	 * @param datasetName that dataset's name
	 * @param target the column predicted
	 * @param modelName the model it registers
	 * @param task classification or regression
	 * @param metric the metric ranking the candidates
	 * @param budgetSeconds its time budget
	 * @param modelId the model registered, once it succeeded
	 * @param error why it failed
	 * @param cancelRequested whether a cancel was asked for
	 */
	record JobView(String id, String status, boolean live, int percent, String stage, String datasetId,
			String datasetName, String target, String modelName, String task, String metric, long budgetSeconds,
			@Nullable String modelId, @Nullable String error, boolean cancelRequested) {

	}

	/**
	 * One row of a leaderboard.
	 *
	 * @param rank its place, from 1
	 * @param algorithm the candidate's family
	 * @param params its hyperparameters, for reading
	 * @param score its cross-validated figure of the ranking metric
	 * @param others its other metrics, for reading
	 * @param fitSeconds how long its cross-validation took, for reading
	 */
	record Leader(int rank, String algorithm, String params, String score, String others, String fitSeconds) {

		static List<Leader> of(Iterable<JsonNode> candidates, String metric) {
			var rows = new ArrayList<Leader>();
			for (JsonNode candidate : candidates) {
				int rank = candidate.has("rank") ? candidate.get("rank").asInt() : rows.size() + 1;
				var params = new ArrayList<String>();
				for (Map.Entry<String, JsonNode> param : candidate.path("params").properties()) {
					params.add(param.getKey() + " " + param.getValue());
				}
				var others = new ArrayList<String>();
				String score = "";
				for (Map.Entry<String, JsonNode> value : candidate.path("cv_metrics").properties()) {
					if (value.getKey().equals(metric)) {
						score = figure(value.getValue());
					}
					else {
						others.add(value.getKey() + " " + figure(value.getValue()));
					}
				}
				rows.add(new Leader(rank, candidate.path("algorithm").asString(""), String.join(", ", params), score,
						String.join(", ", others),
						String.format(Locale.ROOT, "%.2f s", candidate.path("fit_seconds").asDouble())));
			}
			return rows;
		}

		static String figure(JsonNode value) {
			return value.isNumber() ? String.format(Locale.ROOT, "%.4f", value.asDouble()) : value.toString();
		}

	}

}
