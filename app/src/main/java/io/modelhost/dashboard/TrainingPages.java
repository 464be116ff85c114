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
import tools.jackson.databind.node.JsonNodeFactory;

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
		boolean images = "images".equals(parameters.path("kind").asString(""));
		page.addAttribute("images", images);
		if (images) {
			JsonNode history = (result != null && result.has("history")) ? result.get("history")
					: JsonNodeFactory.instance.arrayNode().addAll(training.history());
			page.addAttribute("epochs", Epoch.of(history));
			page.addAttribute("historyJson", history.toString());
			page.addAttribute("settings", Setting.of(parameters));
			page.addAttribute("testMetrics", Setting.figures((result != null) ? result.path("test_metrics") : null));
			page.addAttribute("confusion", ConfusionView.of((result != null) ? result.path("confusion_matrix") : null));
			page.addAttribute("leaderboard", List.of());
			return;
		}
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
	 * One finished epoch of an image training, for reading.
	 *
	 * @param epoch its number, from 1
	 * @param trainLoss the mean training loss
	 * @param trainAccuracy the training accuracy
	 * @param validationLoss the validation loss, or empty
	 * @param validationAccuracy the validation accuracy, or empty
	 * @param seconds how long it took
	 */
	record Epoch(int epoch, String trainLoss, String trainAccuracy, String validationLoss, String validationAccuracy,
			String seconds) {

		static List<Epoch> of(JsonNode history) {
			var rows = new ArrayList<Epoch>();
			for (JsonNode epoch : history) {
				rows.add(new Epoch(epoch.path("epoch").asInt(), Leader.figure(epoch.path("train_loss")),
						Leader.figure(epoch.path("train_accuracy")), optional(epoch.path("val_loss")),
						optional(epoch.path("val_accuracy")),
						String.format(Locale.ROOT, "%.1f s", epoch.path("seconds").asDouble())));
			}
			return rows;
		}

		private static String optional(JsonNode value) {
			return value.isNumber() ? Leader.figure(value) : "–";
		}

	}

	/**
	 * A named setting or figure, for reading.
	 *
	 * @param name its API name
	 * @param value its value
	 */
	record Setting(String name, String value) {

		static List<Setting> of(JsonNode parameters) {
			var rows = new ArrayList<Setting>();
			for (String name : List.of("epochs", "batch_size", "learning_rate", "validation_split", "test_split",
					"augmentation", "dropout", "weight_decay", "loss", "early_stopping", "seed")) {
				rows.add(new Setting(name, parameters.path(name).asString("")));
			}
			JsonNode size = parameters.path("image_size");
			rows.add(new Setting("image_size", size.path("width").asInt() + "×" + size.path("height").asInt() + "×"
					+ size.path("channels").asInt()));
			return rows;
		}

		static List<Setting> figures(@Nullable JsonNode metrics) {
			var rows = new ArrayList<Setting>();
			if (metrics != null && metrics.isObject()) {
				metrics.properties()
					.forEach((metric) -> rows.add(new Setting(metric.getKey(), Leader.figure(metric.getValue()))));
			}
			return rows;
		}

	}

	/**
	 * A confusion matrix, for reading: one row per actual label.
	 *
	 * @param labels the labels, in the order of rows and columns
	 * @param rows the counts, {@code rows[actual][predicted]}
	 */
	record ConfusionView(List<String> labels, List<List<Long>> rows) {

		static @Nullable ConfusionView of(@Nullable JsonNode matrix) {
			if (matrix == null || !matrix.path("labels").isArray()) {
				return null;
			}
			var labels = new ArrayList<String>();
			matrix.get("labels").forEach((label) -> labels.add(label.asString()));
			var rows = new ArrayList<List<Long>>();
			for (JsonNode row : matrix.path("counts")) {
				var cells = new ArrayList<Long>();
				row.forEach((cell) -> cells.add(cell.asLong()));
				rows.add(cells);
			}
			return new ConfusionView(labels, rows);
		}

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
