package io.modelhost.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.analysis.internal.AnalysisParameters.ModelRef;
import io.modelhost.analysis.internal.DatasetRows.Row;
import io.modelhost.analysis.internal.ModelScorer.Outcome.Predicted;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.jobs.JobHandler;
import io.modelhost.jobs.JobKind;
import io.modelhost.trainer.Metric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Runs {@code comparison} jobs: several models scored on the same rows of a dataset (a
 * row any of them refuses is skipped for all). The result holds each model's
 * {@code metrics}, the {@code best} models per metric (higher or lower is better as the
 * metric says), and the rows where the models' predictions differ.
 */
@Component
public class ComparisonJobs implements JobHandler {

	/** The kind of job this runs. */
	public static final JobKind KIND = new JobKind("comparison");

	/** The most disagreeing rows a result lists. */
	static final int MAX_DISAGREEMENTS = 50;

	/**
	 * Two regressors' answers differ when they are further apart than this share of the
	 * larger (or than this, near 0): rounding is not a disagreement.
	 */
	static final double RELATIVE_TOLERANCE = 1e-6;

	private final Scoring scoring;

	ComparisonJobs(Scoring scoring) {
		this.scoring = scoring;
	}

	@Override
	public JobKind kind() {
		return KIND;
	}

	@Override
	public void validate(JsonNode parameters) {
		AnalysisParameters.of(parameters);
	}

	@Override
	public JsonNode run(JsonNode parameters, JobContext context) {
		AnalysisParameters order = AnalysisParameters.of(parameters);
		var scores = new ArrayList<Score>();
		order.models().forEach((model) -> scores.add(Score.of(order.regression())));
		long[] disagreeing = { 0 };
		var listed = new ArrayList<ObjectNode>();
		ObjectNode skipped = this.scoring.run(order, context, (row, answers, classes) -> {
			for (int m = 0; m < answers.size(); m++) {
				scores.get(m).add(row, answers.get(m), classes.get(m));
			}
			if (disagree(answers, order.regression())) {
				if (disagreeing[0]++ < MAX_DISAGREEMENTS) {
					listed.add(disagreement(row, answers, order.models()));
				}
			}
		});
		long rows = scores.getFirst().rows();
		if (rows == 0) {
			throw new JobFailedException("no row could be scored by every model" + EvaluationJobs.firstReason(skipped));
		}
		ObjectNode result = skipped.objectNode();
		result.put("rows", rows);
		result.setAll(skipped);
		ArrayNode models = result.putArray("models");
		for (int m = 0; m < scores.size(); m++) {
			ModelRef model = order.models().get(m);
			models.addObject()
				.put("model_id", model.modelId())
				.put("name", model.name())
				.put("version", model.version())
				.set("metrics", scores.get(m).metrics());
		}
		result.set("best", best(models, order.regression()));
		ObjectNode disagreements = result.putObject("disagreements");
		disagreements.put("count", disagreeing[0]);
		disagreements.putArray("rows").addAll(listed);
		return result;
	}

	private static boolean disagree(List<Predicted> answers, boolean regression) {
		JsonNode first = answers.getFirst().value();
		for (Predicted answer : answers.subList(1, answers.size())) {
			if (regression) {
				double a = first.asDouble();
				double b = answer.value().asDouble();
				if (Math.abs(a - b) > RELATIVE_TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)))) {
					return true;
				}
			}
			else if (!java.util.Objects.equals(Labels.of(first), Labels.of(answer.value()))) {
				return true;
			}
		}
		return false;
	}

	private static ObjectNode disagreement(Row row, List<Predicted> answers, List<ModelRef> models) {
		ObjectNode node = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
		node.put("row", row.number());
		if (row.entry() != null) {
			node.put("entry", row.entry());
		}
		else {
			node.put("line", row.line());
		}
		Object actual = java.util.Objects.requireNonNull(row.actual());
		switch (actual) {
			case Double number -> node.put("actual", number);
			case Long number -> node.put("actual", number);
			default -> node.put("actual", Labels.of(actual));
		}
		ObjectNode predictions = node.putObject("predictions");
		for (int m = 0; m < models.size(); m++) {
			predictions.set(models.get(m).modelId(), answers.get(m).value());
		}
		return node;
	}

	/**
	 * Per metric that every model has, the models with the best value: the highest for a
	 * metric where higher is better (accuracy, F1, ROC AUC, R²), the lowest otherwise
	 * (log loss, RMSE, MAE). Several when they tie.
	 */
	private static ObjectNode best(ArrayNode models, boolean regression) {
		ObjectNode best = models.objectNode();
		for (Metric metric : Metric
			.of(regression ? io.modelhost.trainer.Task.REGRESSION : io.modelhost.trainer.Task.CLASSIFICATION)) {
			String name = metric.label();
			boolean everyModel = true;
			double top = metric.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
			for (JsonNode model : models) {
				JsonNode value = model.path("metrics").path(name);
				if (!value.isNumber()) {
					everyModel = false;
					break;
				}
				top = metric.higherIsBetter() ? Math.max(top, value.asDouble()) : Math.min(top, value.asDouble());
			}
			if (!everyModel) {
				continue;
			}
			ArrayNode ids = best.putArray(name);
			for (JsonNode model : models) {
				if (model.path("metrics").path(name).asDouble() == top) {
					ids.add(model.path("model_id").asString());
				}
			}
		}
		return best;
	}

}
