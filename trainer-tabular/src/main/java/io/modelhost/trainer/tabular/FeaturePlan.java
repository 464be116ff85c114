package io.modelhost.trainer.tabular;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelhost.trainer.Column;
import io.modelhost.trainer.ColumnType;
import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.InvalidTrainingRequestException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Which columns the models read, and why the others are left out.
 *
 * @param features the columns the models read, in dataset order
 * @param inputs every column a served model takes, in dataset order: all but the target
 * @param notes one line per column left out
 */
record FeaturePlan(List<Feature> features, List<Column> inputs, List<String> notes) {

	/**
	 * A category column with more distinct values than this share of rows is an
	 * identifier.
	 */
	private static final double IDENTIFIER_SHARE = 0.9;

	/** Categories beyond this many (the rarest) are treated as unseen. */
	static final int MAX_LEVELS = 50;

	static FeaturePlan of(Table table, Set<String> excluded) {
		var names = new ArrayList<String>();
		table.columns().forEach((column) -> names.add(column.name()));
		for (String name : excluded) {
			if (!names.contains(name)) {
				throw new InvalidTrainingRequestException(Reason.UNKNOWN_COLUMN,
						"exclude_columns names '" + name + "', which is not a column of the dataset");
			}
		}
		if (excluded.contains(table.target().name())) {
			throw new InvalidTrainingRequestException(Reason.UNSUITABLE_TARGET,
					"the target '" + table.target().name() + "' is also excluded");
		}
		var features = new ArrayList<Feature>();
		var inputs = new ArrayList<Column>();
		var notes = new ArrayList<String>();
		for (int i = 0; i < table.columns().size(); i++) {
			if (i == table.targetIndex()) {
				continue;
			}
			Column column = table.columns().get(i);
			inputs.add(column);
			String left = leftOut(table, i, excluded);
			if (left != null) {
				notes.add("column '" + column.name() + "' not used: " + left);
				continue;
			}
			features.add(new Feature(i, column, column.type().isNumeric() ? List.of() : levels(table, i)));
		}
		if (features.isEmpty()) {
			throw new InvalidTrainingRequestException(Reason.NO_FEATURES,
					"no column is left to learn from: " + String.join("; ", notes));
		}
		return new FeaturePlan(features, inputs, notes);
	}

	/** Why a column is left out, or null when it is used. */
	private static @Nullable String leftOut(Table table, int column, Set<String> excluded) {
		Column c = table.columns().get(column);
		if (excluded.contains(c.name())) {
			return "excluded by the request";
		}
		if (c.type() == ColumnType.TEXT) {
			return "free text is not used by tabular models";
		}
		Set<Object> distinct = table.distinct(column);
		if (distinct.size() <= 1) {
			return distinct.isEmpty() ? "every value is missing" : "it has one value only";
		}
		long present = table.rows().stream().filter((row) -> row[column] != null).count();
		if (c.type() == ColumnType.CATEGORY && present >= 20 && distinct.size() > IDENTIFIER_SHARE * present) {
			return "it looks like an identifier (" + distinct.size() + " distinct values in " + present + " rows)";
		}
		if (c.type() == ColumnType.INTEGER && present >= 20 && distinct.size() == present
				&& isRowCounter(table, column)) {
			return "it looks like a row number (unique, consecutive whole numbers)";
		}
		return null;
	}

	/** Whether the values are unique whole numbers forming one run, like 1..n. */
	private static boolean isRowCounter(Table table, int column) {
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		long count = 0;
		for (@Nullable
		Object[] row : table.rows()) {
			if (row[column] instanceof Number number) {
				min = Math.min(min, number.longValue());
				max = Math.max(max, number.longValue());
				count++;
			}
		}
		return max - min + 1 == count;
	}

	/** The most frequent values of a category or boolean column, most frequent first. */
	private static List<String> levels(Table table, int column) {
		Map<String, Integer> counts = new HashMap<>();
		for (@Nullable
		Object[] row : table.rows()) {
			if (row[column] != null) {
				counts.merge(String.valueOf(row[column]), 1, Integer::sum);
			}
		}
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.limit(MAX_LEVELS)
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * A column the models read.
	 *
	 * @param index its index in the dataset
	 * @param column the column
	 * @param levels for a category or boolean column, the values one-hot encoded; empty
	 * for numbers
	 */
	record Feature(int index, Column column, List<String> levels) {

		boolean numeric() {
			return this.column.type().isNumeric();
		}

		String name() {
			return this.column.name();
		}

	}

}
