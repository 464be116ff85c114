package io.modelhost.analysis.internal;

import java.util.List;

import io.modelhost.analysis.internal.DatasetRows.Row;
import io.modelhost.analysis.internal.ModelScorer.Outcome.Predicted;
import tools.jackson.databind.node.ObjectNode;

/**
 * The figures of one model over the rows it scored, gathered a row at a time: a few
 * numbers per row at most, never the rows themselves.
 */
sealed interface Score permits ClassificationScore, RegressionScore {

	/** The most error rows a result lists. */
	int MAX_ERRORS = 50;

	/**
	 * Counts one scored row.
	 * @param row the row, with its true label or value (never null here)
	 * @param predicted the model's answer
	 * @param classes the labels of the answer's probabilities, empty if it has none
	 */
	void add(Row row, Predicted predicted, List<String> classes);

	/** How many rows were counted. */
	long rows();

	/**
	 * The metrics by their training names ({@code accuracy}, {@code f1_macro},
	 * {@code log_loss}, {@code roc_auc}; {@code r2}, {@code rmse}, {@code mae}); a metric
	 * that is undefined for these rows is left out.
	 */
	ObjectNode metrics();

	/**
	 * Adds the details to a result: {@code confusion_matrix}, {@code per_class} and
	 * {@code errors} for a classifier, {@code residuals} and {@code errors} for a
	 * regressor.
	 */
	void details(ObjectNode result);

	static Score of(boolean regression) {
		return regression ? new RegressionScore() : new ClassificationScore();
	}

}
