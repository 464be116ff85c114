package io.modelhost.training.internal;

import java.time.Duration;
import java.util.List;

import io.modelhost.datasets.DatasetId;
import io.modelhost.jobs.InvalidJobParametersException;
import io.modelhost.trainer.Metric;
import io.modelhost.trainer.Task;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A checked training order as a {@code training} job keeps it in its parameters: every
 * field filled in, the task and metric included (with whether the task was inferred).
 *
 * @param datasetId the dataset
 * @param datasetName its name when the job was submitted, for the model's description
 * @param target the column to predict
 * @param modelName the model to register the winner as
 * @param task the task, as given or inferred
 * @param taskInferred whether the order left the task to be inferred
 * @param metric the metric candidates are ranked by
 * @param timeBudget the search's budget, whole seconds
 * @param folds cross-validation folds
 * @param excludeColumns columns left out
 * @param seed the seed
 */
public record TrainingParameters(DatasetId datasetId, String datasetName, String target, String modelName, Task task,
		boolean taskInferred, Metric metric, Duration timeBudget, int folds, List<String> excludeColumns, long seed) {

	public TrainingParameters {
		excludeColumns = List.copyOf(excludeColumns);
	}

	public ObjectNode toJson() {
		ObjectNode node = JsonNodeFactory.instance.objectNode()
			.put("dataset_id", this.datasetId.value())
			.put("dataset_name", this.datasetName)
			.put("target", this.target)
			.put("model_name", this.modelName)
			.put("task", this.task.label())
			.put("task_inferred", this.taskInferred)
			.put("metric", this.metric.label())
			.put("time_budget_s", this.timeBudget.toSeconds())
			.put("folds", this.folds);
		ArrayNode excluded = node.putArray("exclude_columns");
		this.excludeColumns.forEach(excluded::add);
		node.put("seed", this.seed);
		return node;
	}

	/**
	 * The parameters a job keeps.
	 * @throws InvalidJobParametersException if a field is missing or malformed
	 */
	public static TrainingParameters of(JsonNode node) {
		try {
			var excluded = new java.util.ArrayList<String>();
			node.path("exclude_columns").forEach((column) -> excluded.add(column.asString()));
			return new TrainingParameters(new DatasetId(text(node, "dataset_id")), text(node, "dataset_name"),
					text(node, "target"), text(node, "model_name"), Task.of(text(node, "task")),
					node.path("task_inferred").asBoolean(false), Metric.of(text(node, "metric")),
					Duration.ofSeconds(number(node, "time_budget_s")), (int) number(node, "folds"), excluded,
					number(node, "seed"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobParametersException("parameters", ex.getMessage());
		}
	}

	/** A required text field of job parameters. */
	static String text(JsonNode node, String field) {
		if (!node.path(field).isString()) {
			throw new InvalidJobParametersException(field, field + " is required");
		}
		return node.get(field).asString();
	}

	/** A required whole-number field of job parameters. */
	static long number(JsonNode node, String field) {
		if (!node.path(field).isIntegralNumber()) {
			throw new InvalidJobParametersException(field, field + " must be a whole number");
		}
		return node.get(field).asLong();
	}

	/** A required number field of job parameters. */
	static double real(JsonNode node, String field) {
		if (!node.path(field).isNumber()) {
			throw new InvalidJobParametersException(field, field + " must be a number");
		}
		return node.get(field).asDouble();
	}

}
