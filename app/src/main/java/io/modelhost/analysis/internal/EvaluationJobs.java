package io.modelhost.analysis.internal;

import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.jobs.JobHandler;
import io.modelhost.jobs.JobKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Runs {@code evaluation} jobs: one model version scored on every labelled row of a
 * dataset. The result holds {@code rows}, {@code skipped_rows}, {@code skipped},
 * {@code metrics} and the details of the task ({@link Score#details}).
 */
@Component
public class EvaluationJobs implements JobHandler {

	/** The kind of job this runs. */
	public static final JobKind KIND = new JobKind("evaluation");

	private final Scoring scoring;

	EvaluationJobs(Scoring scoring) {
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
		Score score = Score.of(order.regression());
		ObjectNode skipped = this.scoring.run(order, context,
				(row, answers, classes) -> score.add(row, answers.getFirst(), classes.getFirst()));
		if (score.rows() == 0) {
			throw new JobFailedException("no row could be scored" + firstReason(skipped));
		}
		ObjectNode result = skipped.objectNode();
		result.put("rows", score.rows());
		result.setAll(skipped);
		result.set("metrics", score.metrics());
		score.details(result);
		return result;
	}

	/** ": " and the first skipped row's reason, if any. */
	static String firstReason(ObjectNode skipped) {
		JsonNode first = skipped.path("skipped").path(0);
		return first.isObject() ? ": row " + first.path("row").asLong() + ": " + first.path("reason").asString() : "";
	}

}
