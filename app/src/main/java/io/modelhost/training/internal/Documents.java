package io.modelhost.training.internal;

import java.util.List;
import java.util.Map;

import io.modelhost.trainer.Candidate;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.trainer.ConfusionMatrix;
import io.modelhost.trainer.EpochReport;
import io.modelhost.trainer.ImageTrainingResult;
import io.modelhost.trainer.LeaderboardEntry;
import io.modelhost.trainer.Metric;
import io.modelhost.trainer.TrainingResult;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The trainer's results as the JSON the jobs and reports keep: snake_case, metrics by
 * their API names.
 */
final class Documents {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private Documents() {
	}

	/** A candidate: {@code {"algorithm","params","cv_metrics","fit_seconds"}}. */
	static ObjectNode candidate(Candidate candidate) {
		ObjectNode node = best(candidate);
		node.put("fit_seconds", round(candidate.fitSeconds()));
		return node;
	}

	/** The winner: {@code {"algorithm","params","cv_metrics"}}. */
	static ObjectNode best(Candidate candidate) {
		ObjectNode node = NODES.objectNode().put("algorithm", candidate.algorithm());
		ObjectNode params = node.putObject("params");
		candidate.params().forEach((name, value) -> {
			switch (value) {
				case Integer number -> params.put(name, number);
				case Long number -> params.put(name, number);
				case Number number -> params.put(name, number.doubleValue());
				case Boolean flag -> params.put(name, flag);
				default -> params.put(name, value.toString());
			}
		});
		node.set("cv_metrics", metrics(candidate.cvMetrics()));
		return node;
	}

	static ObjectNode metrics(Map<Metric, Double> metrics) {
		ObjectNode node = NODES.objectNode();
		metrics.forEach((metric, value) -> node.put(metric.label(), value));
		return node;
	}

	static ArrayNode leaderboard(List<LeaderboardEntry> entries) {
		ArrayNode board = NODES.arrayNode();
		for (LeaderboardEntry entry : entries) {
			ObjectNode row = NODES.objectNode().put("rank", entry.rank());
			row.setAll(candidate(entry.candidate()));
			board.add(row);
		}
		return board;
	}

	/** What both the job's result and the report show of a training. */
	static ObjectNode outcome(TrainingResult result) {
		ObjectNode node = NODES.objectNode().put("task", result.task().label()).put("metric", result.metric().label());
		node.set("leaderboard", leaderboard(result.leaderboard()));
		node.set("best", best(result.best()));
		return node;
	}

	/** The report's details beyond the outcome. */
	static ObjectNode details(TrainingResult result) {
		ObjectNode node = outcome(result);
		node.set("cv_metrics", metrics(result.best().cvMetrics()));
		ArrayNode classes = node.putArray("classes");
		result.classes().forEach(classes::add);
		node.set("confusion_matrix", (result.confusionMatrix() != null) ? confusion(result.confusionMatrix()) : null);
		ArrayNode importance = node.putArray("feature_importance");
		result.featureImportance()
			.forEach((column, share) -> importance.addObject().put("column", column).put("importance", share));
		ArrayNode notes = node.putArray("notes");
		result.notes().forEach(notes::add);
		node.put("training_seconds", round(result.duration().toMillis() / 1000.0));
		return node;
	}

	/**
	 * An epoch: {@code {"epoch","train_loss","train_accuracy","val_loss","val_accuracy",
	 * "seconds"}}.
	 */
	static ObjectNode epoch(EpochReport epoch) {
		ObjectNode node = NODES.objectNode()
			.put("epoch", epoch.epoch())
			.put("train_loss", epoch.trainLoss())
			.put("train_accuracy", epoch.trainAccuracy());
		if (epoch.validationLoss() != null) {
			node.put("val_loss", epoch.validationLoss());
		}
		else {
			node.putNull("val_loss");
		}
		if (epoch.validationAccuracy() != null) {
			node.put("val_accuracy", epoch.validationAccuracy());
		}
		else {
			node.putNull("val_accuracy");
		}
		node.put("seconds", round(epoch.duration().toMillis() / 1000.0));
		return node;
	}

	/**
	 * What both the job's result and the report show of an image training: the history,
	 * the best epoch, the test metrics and confusion matrix, the classes, the split and
	 * the network's input.
	 */
	static ObjectNode imageOutcome(ImageTrainingResult result) {
		ObjectNode node = NODES.objectNode().put("task", "classification").put("kind", "images");
		ArrayNode history = node.putArray("history");
		result.history().forEach((epoch) -> history.add(epoch(epoch)));
		node.put("best_epoch", result.bestEpoch());
		ObjectNode test = node.putObject("test_metrics");
		result.testMetrics()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((metric) -> test.put(metric.getKey(), metric.getValue()));
		node.set("confusion_matrix", (result.confusionMatrix() != null) ? confusion(result.confusionMatrix()) : null);
		ArrayNode classes = node.putArray("classes");
		result.classes().forEach(classes::add);
		ObjectNode split = node.putObject("split");
		for (String part : List.of("train", "validation", "test")) {
			split.put(part, result.split().getOrDefault(part, 0));
		}
		node.put("architecture", result.architecture());
		ImagePreprocessing input = result.input();
		node.putObject("input")
			.put("width", input.width())
			.put("height", input.height())
			.put("channels", input.channels())
			.put("layout", input.layout().name())
			.put("scale", input.scale());
		ArrayNode notes = node.putArray("notes");
		result.notes().forEach(notes::add);
		node.put("training_seconds", round(result.duration().toMillis() / 1000.0));
		return node;
	}

	private static ObjectNode confusion(ConfusionMatrix matrix) {
		ObjectNode node = NODES.objectNode();
		ArrayNode labels = node.putArray("labels");
		matrix.labels().forEach(labels::add);
		ArrayNode counts = node.putArray("counts");
		for (long[] row : matrix.counts()) {
			ArrayNode cells = counts.addArray();
			for (long count : row) {
				cells.add(count);
			}
		}
		return node;
	}

	private static double round(double seconds) {
		return Math.round(seconds * 1000) / 1000.0;
	}

}
