package io.modelhost.batch.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import org.jspecify.annotations.Nullable;

/**
 * A dataset row as a tabular model's input, or the reasons the model refuses it: the
 * checks of the prediction endpoint (a missing feature, a missing value where the model
 * takes none, a value of the wrong type), made per row so that one bad row fails alone.
 * Columns are matched to features by name; columns the model does not know are ignored,
 * as the result keeps them. Not thread-safe: one per job.
 */
final class RowConverter {

	private final List<Feature> features;

	/** Per feature, the index of its dataset column, or -1 if the dataset has none. */
	private final int[] columns;

	private @Nullable String error;

	RowConverter(TabularSignature signature, List<String> columnNames) {
		this.features = signature.features();
		this.columns = new int[this.features.size()];
		for (int j = 0; j < this.features.size(); j++) {
			this.columns[j] = columnNames.indexOf(this.features.get(j).name());
		}
	}

	/** The features the model reads that the dataset has no column for. */
	List<String> missingColumns() {
		var missing = new ArrayList<String>();
		for (int j = 0; j < this.features.size(); j++) {
			if (this.columns[j] < 0 && this.features.get(j).used()) {
				missing.add(this.features.get(j).name());
			}
		}
		return missing;
	}

	/**
	 * Converts a row; null when the model refuses it, with the reasons in
	 * {@link #error()}.
	 */
	@Nullable Object @Nullable [] convert(List<@Nullable Object> row) {
		Object[] values = new Object[this.features.size()];
		StringBuilder problems = null;
		for (int j = 0; j < values.length; j++) {
			Feature feature = this.features.get(j);
			if (!feature.used()) {
				continue; // the model ignores it
			}
			String problem = null;
			if (this.columns[j] < 0) {
				problem = "missing feature '" + feature.name() + "'";
			}
			else {
				Object value = row.get(this.columns[j]);
				if (value == null) {
					if (!feature.acceptsMissing()) {
						problem = "feature '" + feature.name()
								+ "' has no value, and this model cannot take a missing value for it";
					}
				}
				else {
					values[j] = typed(feature, value);
					if (values[j] == null) {
						problem = "expected " + expected(feature) + " for feature '" + feature.name() + "' but got '"
								+ shortened(value.toString()) + "'";
					}
				}
			}
			if (problem != null) {
				problems = (problems == null) ? new StringBuilder(problem) : problems.append("; ").append(problem);
			}
		}
		this.error = (problems != null) ? problems.toString() : null;
		return (problems != null) ? null : values;
	}

	/** Why the last row converted was refused. */
	@Nullable String error() {
		return this.error;
	}

	/** The value as the feature's type, or null if it is not one. */
	private static @Nullable Object typed(Feature feature, Object value) {
		return switch (feature.type()) {
			case DOUBLE, FLOAT, INTEGER -> number(value);
			case STRING -> value.toString();
			case BOOLEAN -> (value instanceof Boolean) ? value : null;
		};
	}

	/**
	 * A number as the endpoint takes it: finite. A column with a stray word in it is read
	 * as text, so text is parsed too, row by row.
	 */
	private static @Nullable Double number(Object value) {
		double number;
		switch (value) {
			case Double d -> number = d;
			case Long l -> number = l;
			case String s -> {
				try {
					number = Double.parseDouble(s.strip());
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
			default -> {
				return null;
			}
		}
		return Double.isFinite(number) ? number : null;
	}

	private static String expected(Feature feature) {
		return switch (feature.type()) {
			case DOUBLE, FLOAT, INTEGER -> "a number";
			case STRING -> "a string";
			case BOOLEAN -> "true or false";
		};
	}

	private static String shortened(String text) {
		String line = text.replace('\n', ' ').replace('\r', ' ');
		return (line.length() <= 40) ? line : line.substring(0, 39) + "…";
	}

}
