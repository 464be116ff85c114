package io.modelhost.training;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a user asks to train, as they asked it; {@link Training#submit} checks it.
 *
 * @param datasetId the dataset, one of the user's
 * @param target the column to predict
 * @param modelName the model to register the winner as: a new model, or the next version
 * of the user's model of that name
 * @param task {@code classification} or {@code regression}; null to infer it from the
 * target column
 * @param metric the metric to rank by (e.g. {@code accuracy}, {@code rmse}); null for the
 * task's default
 * @param timeBudgetSeconds how long the search may take; null for the default
 * @param folds cross-validation folds, 2..20; null for 5
 * @param excludeColumns columns the model must not read
 * @param seed seeds folds and learners (and an image training's split, weights and
 * augmentation); null for 42
 * @param images the settings of an image training; {@link ImageOptions#NONE} for a
 * tabular one
 */
public record TrainingOrder(String datasetId, String target, String modelName, @Nullable String task,
		@Nullable String metric, @Nullable Integer timeBudgetSeconds, @Nullable Integer folds,
		List<String> excludeColumns, @Nullable Long seed, ImageOptions images) {

	public TrainingOrder {
		excludeColumns = List.copyOf(excludeColumns);
	}

	/** An order with no image settings, as a tabular training takes. */
	public TrainingOrder(String datasetId, String target, String modelName, @Nullable String task,
			@Nullable String metric, @Nullable Integer timeBudgetSeconds, @Nullable Integer folds,
			List<String> excludeColumns, @Nullable Long seed) {
		this(datasetId, target, modelName, task, metric, timeBudgetSeconds, folds, excludeColumns, seed,
				ImageOptions.NONE);
	}

}
