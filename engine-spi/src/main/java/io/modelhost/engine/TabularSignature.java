package io.modelhost.engine;

import java.util.HashSet;
import java.util.List;

/**
 * The signature of a model over rows of features, such as a scikit-learn estimator.
 *
 * @param features every feature of a row, in the order the model was trained on (the
 * order of positional rows); a feature the model ignores is still listed, with
 * {@code used == false}
 * @param target what the model predicts
 */
public record TabularSignature(List<Feature> features, Target target) implements ModelSignature {

	public TabularSignature {
		features = List.copyOf(features);
		if (features.isEmpty()) {
			throw new IllegalArgumentException("features must not be empty");
		}
		var names = new HashSet<String>();
		for (Feature feature : features) {
			if (!names.add(feature.name())) {
				throw new IllegalArgumentException("duplicate feature name '" + feature.name() + "'");
			}
		}
	}

	/**
	 * One input column.
	 *
	 * @param name the column name (named inputs use it)
	 * @param type the value type the model expects
	 * @param categories the allowed values of a categorical feature, empty for a
	 * continuous one
	 * @param used whether the model reads this feature at all
	 * @param acceptsMissing whether the model gives a meaningful answer when this
	 * feature's value is missing (null): it replaces a missing value (imputation), or
	 * handles it natively (a tree's default child, as XGBoost does). A model that would
	 * silently answer something else (a tree that follows an arbitrary branch, a null
	 * prediction) does not accept it, and a missing value is refused
	 */
	public record Feature(String name, FeatureType type, List<Object> categories, boolean used,
			boolean acceptsMissing) {

		public Feature {
			if (name.isEmpty()) {
				throw new IllegalArgumentException("name must not be empty");
			}
			categories = List.copyOf(categories);
		}

		/**
		 * A feature that accepts a missing value, as every feature did before engines
		 * said which: an engine that knows states it with the canonical constructor.
		 */
		public Feature(String name, FeatureType type, List<Object> categories, boolean used) {
			this(name, type, categories, used, true);
		}

	}

	/** The value type of a feature. */
	public enum FeatureType {

		DOUBLE, FLOAT, INTEGER, STRING, BOOLEAN;

		/** Whether values of this type are numbers. */
		public boolean isNumeric() {
			return this == DOUBLE || this == FLOAT || this == INTEGER;
		}

	}

	/**
	 * What a tabular model predicts.
	 *
	 * @param name the target column's name
	 * @param task classification or regression
	 * @param classes the class labels in the order of the probabilities, empty for
	 * regression
	 */
	public record Target(String name, Task task, List<Object> classes) {

		public Target {
			classes = List.copyOf(classes);
			if (task == Task.REGRESSION && !classes.isEmpty()) {
				throw new IllegalArgumentException("a regression target has no classes");
			}
		}

	}

	/** The kind of prediction. */
	public enum Task {

		CLASSIFICATION, REGRESSION

	}

}
