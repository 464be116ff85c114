package io.modelhost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.modelhost.cli.Output.Column;

/**
 * {@code modelhost train}: a training job on one of your datasets (or a CSV file uploaded
 * first), optionally followed to its end with the leaderboard.
 */
@Command(name = "train",
		description = {
				"Train a model from a dataset: a cross-validated search whose winner is " + "served like an upload.",
				"With --wait, follow it and print the leaderboard and the endpoint." })
final class TrainCommand extends Subcommand implements Callable<Integer> {

	@Option(names = "--dataset", required = true, paramLabel = "ID|FILE",
			description = "A dataset's id, or a CSV file to upload first")
	String dataset;

	@Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (a CSV dataset)")
	@Nullable String target;

	@Option(names = { "-n", "--name" }, required = true, paramLabel = "NAME",
			description = "The model's name: a new model, or the next version of yours of that name")
	String name;

	@Option(names = "--budget", paramLabel = "SECONDS", description = "The search's time budget (server default 60)")
	@Nullable Integer budget;

	@Option(names = "--metric", paramLabel = "METRIC",
			description = "accuracy, f1_macro, roc_auc, log_loss; rmse, mae, r2")
	@Nullable String metric;

	@Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: inferred)")
	@Nullable String task;

	@Option(names = "--folds", paramLabel = "K", description = "Cross-validation folds (default 5)")
	@Nullable Integer folds;

	@Option(names = "--exclude", paramLabel = "COLUMN", split = ",", description = "Columns to leave out")
	@Nullable List<String> exclude;

	@Option(names = "--wait", description = "Follow the job to its end and print the leaderboard")
	boolean await;

	@Override
	public Integer call() {
		String datasetId = this.dataset;
		Path file = Path.of(this.dataset);
		if (Files.isRegularFile(file)) {
			JsonNode uploaded = DatasetsCommand.upload(root(), file, null, null);
			datasetId = uploaded.path("id").asString();
			root().note("Uploaded " + file + " as dataset " + datasetId);
		}
		ObjectNode body = Json.MAPPER.createObjectNode().put("dataset_id", datasetId).put("model_name", this.name);
		if (this.target != null) {
			body.put("target", this.target);
		}
		if (this.budget != null) {
			body.put("time_budget_s", this.budget);
		}
		if (this.metric != null) {
			body.put("metric", this.metric);
		}
		if (this.task != null) {
			body.put("task", this.task);
		}
		if (this.folds != null) {
			body.put("folds", this.folds);
		}
		if (this.exclude != null) {
			var columns = body.putArray("exclude_columns");
			this.exclude.forEach(columns::add);
		}
		JsonNode job = api().post("/api/v1/training-jobs", body);
		String id = job.path("id").asString();
		Output output = output();
		if (!this.await) {
			if (output.json()) {
				output.print(job);
			}
			else {
				root().note("Training job queued; follow it with 'modelhost train … --wait' next time, or the API's "
						+ job.path("events_url").asString());
				output.line(id);
			}
			return ExitCodes.OK;
		}
		job = Jobs.follow(root(), "/api/v1/training-jobs/" + id, "Training",
				(j) -> j.path("leaderboard").size() + " candidates" + best(j));
		String status = job.path("status").asString();
		if (output.json()) {
			output.print(job);
		}
		else {
			printResult(job);
		}
		if (!status.equals("succeeded")) {
			throw new ApiException("the training job " + id + " " + status
					+ (job.path("error").isString() ? ": " + job.path("error").asString() : ""));
		}
		return ExitCodes.OK;
	}

	private static String best(JsonNode job) {
		JsonNode first = job.path("leaderboard").path(0);
		String metric = job.path("metric").asString("");
		if (first.isMissingNode() || metric.isEmpty()) {
			return "";
		}
		return ", best " + metric + " " + Json.cell(first.path("cv_metrics").path(metric));
	}

	private void printResult(JsonNode job) {
		Output output = output();
		String metric = job.path("metric").asString("");
		JsonNode leaderboard = job.path("leaderboard");
		if (leaderboard.isArray() && !leaderboard.isEmpty()) {
			output.items(leaderboard,
					List.of(Column.of("RANK", "rank"), Column.of("ALGORITHM", "algorithm"),
							new Column(metric.toUpperCase(java.util.Locale.ROOT),
									(c) -> Json.cell(c.path("cv_metrics").path(metric))),
							Column.of("FIT S", "fit_seconds"), Column.of("PARAMS", "params")));
		}
		if (job.path("status").asString().equals("succeeded")) {
			output.line("");
			output.line("Model:    " + job.path("model_name").asString() + " version "
					+ job.path("model_version").asInt() + " (" + job.path("model_id").asString() + ")");
			output.line("Endpoint: " + job.path("endpoint_url").asString());
		}
	}

}
