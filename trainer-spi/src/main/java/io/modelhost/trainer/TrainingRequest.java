package io.modelhost.trainer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What to train: a dataset, the column to predict and how hard to search.
 *
 * @param source the dataset
 * @param target the column to predict
 * @param task classification or regression; null to let the trainer infer it from the
 * target column (see {@link Trainer#train})
 * @param metric the metric candidates are ranked by; null for
 * {@link Metric#defaultFor(Task)}; must belong to the task
 * @param timeBudget how long the search may take, refit and export included; the trainer
 * returns within 10 % of it
 * @param folds the number of cross-validation folds, 2..20
 * @param excludedColumns columns the model must not read
 * @param seed seeds the folds and every randomised learner: the same request gives the
 * same leaderboard
 * @param maxThreads the most threads the trainer may keep busy at once, at least 1
 * @param outputDirectory an existing, private directory the trainer writes the model file
 * into
 */
public record TrainingRequest(TabularSource source, String target, @Nullable Task task, @Nullable Metric metric,
		Duration timeBudget, int folds, Set<String> excludedColumns, long seed, int maxThreads, Path outputDirectory) {

	/** Folds when the request does not say. */
	public static final int DEFAULT_FOLDS = 5;

	public TrainingRequest {
		if (target.isEmpty()) {
			throw new IllegalArgumentException("target must not be empty");
		}
		if (timeBudget.isNegative() || timeBudget.isZero()) {
			throw new IllegalArgumentException("timeBudget must be positive but was " + timeBudget);
		}
		if (folds < 2 || folds > 20) {
			throw new IllegalArgumentException("folds must be in 2..20 but was " + folds);
		}
		if (maxThreads < 1) {
			throw new IllegalArgumentException("maxThreads must be >= 1 but was " + maxThreads);
		}
		if (metric != null && task != null && metric.task() != task) {
			throw new IllegalArgumentException(
					"metric " + metric.label() + " scores " + metric.task().label() + ", not " + task.label());
		}
		excludedColumns = Set.copyOf(excludedColumns);
	}

	/**
	 * A request with the defaults: inferred task and metric, five folds, no exclusions,
	 * seed 42, one thread.
	 */
	public static TrainingRequest of(TabularSource source, String target, Duration timeBudget, Path outputDirectory) {
		return new TrainingRequest(source, target, null, null, timeBudget, DEFAULT_FOLDS, Set.of(), 42L, 1,
				outputDirectory);
	}

}
