package io.modelhost.trainer;

import java.util.Locale;

/** What a model predicts: a label or a number. */
public enum Task {

	CLASSIFICATION, REGRESSION;

	/** Lower-case name for the API. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The task named by its {@link #label()}. */
	public static Task of(String label) {
		for (Task task : values()) {
			if (task.label().equals(label)) {
				return task;
			}
		}
		throw new IllegalArgumentException("task must be classification or regression but was '" + label + "'");
	}

}
