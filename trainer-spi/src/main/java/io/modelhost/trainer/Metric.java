package io.modelhost.trainer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a candidate is scored on held-out rows. Each metric belongs to one task and knows
 * whether larger values are better.
 */
public enum Metric {

	/** Share of rows whose predicted label is right. */
	ACCURACY(Task.CLASSIFICATION, true),
	/** Unweighted mean of each class's F1 score. */
	F1_MACRO(Task.CLASSIFICATION, true),
	/**
	 * Area under the ROC curve: binary, or the macro one-vs-rest mean for more classes.
	 */
	ROC_AUC(Task.CLASSIFICATION, true),
	/**
	 * Mean negative log-likelihood of the true labels (probabilities clipped at 1e-15).
	 */
	LOG_LOSS(Task.CLASSIFICATION, false),
	/** Root mean squared error. */
	RMSE(Task.REGRESSION, false),
	/** Mean absolute error. */
	MAE(Task.REGRESSION, false),
	/** Coefficient of determination. */
	R2(Task.REGRESSION, true);

	private final Task task;

	private final boolean higherIsBetter;

	Metric(Task task, boolean higherIsBetter) {
		this.task = task;
		this.higherIsBetter = higherIsBetter;
	}

	/** The task this metric scores. */
	public Task task() {
		return this.task;
	}

	/** Whether a larger value is a better model. */
	public boolean higherIsBetter() {
		return this.higherIsBetter;
	}

	/** Lower-case name for the API, e.g. {@code f1_macro}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The metric a search ranks by when the request names none: accuracy, or RMSE.
	 */
	public static Metric defaultFor(Task task) {
		return switch (task) {
			case CLASSIFICATION -> ACCURACY;
			case REGRESSION -> RMSE;
		};
	}

	/** Every metric of a task, in declaration order. */
	public static List<Metric> of(Task task) {
		return Arrays.stream(values()).filter((metric) -> metric.task == task).toList();
	}

	/** The metric named by its {@link #label()}. */
	public static Metric of(String label) {
		for (Metric metric : values()) {
			if (metric.label().equals(label)) {
				return metric;
			}
		}
		throw new IllegalArgumentException(
				"unknown metric '" + label + "'; known: " + Arrays.stream(values()).map(Metric::label).toList());
	}

}
