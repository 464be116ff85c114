package io.modelhost.training;

import java.util.List;

import io.modelhost.jobs.Job;
import tools.jackson.databind.JsonNode;

/**
 * A training job as its owner sees it: the job, and while it runs the candidates
 * cross-validated so far (once it succeeded, its result holds the final leaderboard).
 *
 * @param job the job; its parameters are the order as checked (task and metric filled
 * in), its result the leaderboard and the registered model
 * @param candidates the candidates finished so far, best first by the order's metric,
 * each {@code {"algorithm","params","cv_metrics","fit_seconds"}}; empty once the job has
 * finished
 * @param history for an image training, the epochs finished so far, oldest first, each
 * {@code {"epoch","train_loss","train_accuracy","val_loss","val_accuracy","seconds"}};
 * empty once the job has finished (its result holds them)
 */
public record TrainingJob(Job job, List<JsonNode> candidates, List<JsonNode> history) {

	public TrainingJob {
		candidates = List.copyOf(candidates);
		history = List.copyOf(history);
	}

	/** A job shown without its events so far (a list, or a job just submitted). */
	public static TrainingJob of(Job job) {
		return new TrainingJob(job, List.of(), List.of());
	}

}
