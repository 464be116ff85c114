package io.modelhost.trainer.tabular;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.modelhost.trainer.Column;
import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.InvalidTrainingRequestException.Reason;
import io.modelhost.trainer.RowReader;
import io.modelhost.trainer.TabularSource;
import io.modelhost.trainer.Task;
import io.modelhost.trainer.TrainingFailedException;
import io.modelhost.trainer.TrainingMonitor;
import org.jspecify.annotations.Nullable;

/**
 * A dataset read into memory: its columns and rows, with the target's position.
 *
 * @param columns every column of the dataset
 * @param rows every row, one value per column (null when missing)
 * @param targetIndex the target column's index
 */
record Table(List<Column> columns, List<@Nullable Object[]> rows, int targetIndex) {

	/** Integer targets with at most this many distinct values are classes. */
	static final int MAX_INTEGER_CLASSES = 20;

	static Table read(TabularSource source, String target, TrainingMonitor monitor) {
		List<Column> columns = source.columns();
		int targetIndex = -1;
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i).name().equals(target)) {
				targetIndex = i;
			}
		}
		if (targetIndex < 0) {
			throw new InvalidTrainingRequestException(Reason.UNKNOWN_TARGET, "the dataset has no column '" + target
					+ "'; its columns are " + columns.stream().map(Column::name).toList());
		}
		var rows = new ArrayList<@Nullable Object[]>();
		try (RowReader reader = source.open()) {
			for (@Nullable
			Object[] row = reader.read(); row != null; row = reader.read()) {
				if (row[targetIndex] != null) {
					rows.add(row);
				}
				if ((rows.size() & 1023) == 0 && monitor.cancelRequested()) {
					break;
				}
			}
		}
		catch (IOException ex) {
			throw new TrainingFailedException("the dataset cannot be read: " + ex.getMessage(), ex);
		}
		return new Table(List.copyOf(columns), rows, targetIndex);
	}

	Column target() {
		return this.columns.get(this.targetIndex);
	}

	/** The distinct non-missing values of a column, in order of first appearance. */
	Set<Object> distinct(int column) {
		var values = new LinkedHashSet<Object>();
		for (@Nullable
		Object[] row : this.rows) {
			if (row[column] != null) {
				values.add(row[column]);
			}
		}
		return values;
	}

	/**
	 * The task when the request gives none: labels and booleans are classes, real numbers
	 * are regression, and whole numbers are classes when there are few of them.
	 */
	Task inferTask() {
		return switch (target().type()) {
			case CATEGORY, BOOLEAN, TEXT -> Task.CLASSIFICATION;
			case NUMBER -> Task.REGRESSION;
			case INTEGER ->
				(distinct(this.targetIndex).size() <= MAX_INTEGER_CLASSES) ? Task.CLASSIFICATION : Task.REGRESSION;
		};
	}

	/** The target's value in a row as a class label. */
	String label(int row) {
		return String.valueOf(this.rows.get(row)[this.targetIndex]);
	}

	/** The target's value in a row as a number. */
	double number(int row) {
		Object value = this.rows.get(row)[this.targetIndex];
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		throw new InvalidTrainingRequestException(Reason.UNSUITABLE_TARGET,
				"regression needs a numeric target, but '" + target().name() + "' is " + target().type().label());
	}

	int size() {
		return this.rows.size();
	}

}
