package io.modelhost.trainer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a training produced.
 *
 * @param task the task trained, as requested or inferred
 * @param metric the metric candidates were ranked by
 * @param leaderboard every cross-validated candidate, best first
 * @param artifact the best candidate refitted on all rows, preprocessing included, as a
 * file an engine serves; it takes the dataset's column names as inputs
 * @param classes for classification, the original labels in the order of the served
 * probabilities; empty for regression
 * @param confusionMatrix for classification, the best candidate's out-of-fold confusion
 * matrix; null for regression
 * @param featureImportance the refitted model's importance per dataset column, largest
 * first; empty when the family gives none
 * @param notes facts worth showing the user, e.g. a column dropped as an identifier
 * @param duration the wall time of the whole training
 */
public record TrainingResult(Task task, Metric metric, List<LeaderboardEntry> leaderboard, ModelArtifact artifact,
		List<String> classes, @Nullable ConfusionMatrix confusionMatrix, Map<String, Double> featureImportance,
		List<String> notes, Duration duration) {

	public TrainingResult {
		leaderboard = List.copyOf(leaderboard);
		if (leaderboard.isEmpty()) {
			throw new IllegalArgumentException("leaderboard must not be empty");
		}
		classes = List.copyOf(classes);
		featureImportance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(featureImportance));
		notes = List.copyOf(notes);
	}

	/** The winner: the first of the leaderboard. */
	public Candidate best() {
		return this.leaderboard.getFirst().candidate();
	}

}
