package io.modelhost.datasets;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One column of a tabular dataset, as a single pass over it saw it.
 *
 * @param name the header's name for it
 * @param type the type inferred
 * @param missing how many rows have no value here (an empty cell or a missing-value
 * token)
 * @param distinct how many different values there are, missing not counted; a lower bound
 * when {@code distinctExact} is false
 * @param distinctExact whether {@code distinct} is exact: counting stops at a cap
 * @param min the smallest value of a number or integer column ({@link Long} for
 * integers), else null
 * @param max the largest value of a number or integer column, else null
 * @param mean the mean of a number or integer column, else null
 * @param topValues the most frequent values of a category or boolean column, most
 * frequent first; empty for other types
 */
public record ColumnProfile(String name, ColumnType type, long missing, long distinct, boolean distinctExact,
		@Nullable Number min, @Nullable Number max, @Nullable Double mean, List<ValueCount> topValues) {

	public ColumnProfile {
		if (missing < 0 || distinct < 0) {
			throw new IllegalArgumentException(
					"missing and distinct must be >= 0 but were " + missing + " and " + distinct);
		}
		// one Java type per column type, whatever JSON or arithmetic produced
		if (type == ColumnType.INTEGER) {
			min = (min != null) ? Long.valueOf(min.longValue()) : null;
			max = (max != null) ? Long.valueOf(max.longValue()) : null;
		}
		else if (type == ColumnType.NUMBER) {
			min = (min != null) ? Double.valueOf(min.doubleValue()) : null;
			max = (max != null) ? Double.valueOf(max.doubleValue()) : null;
		}
		topValues = List.copyOf(topValues);
	}

	/**
	 * A value and how often it occurs.
	 *
	 * @param value a {@link String} for categories, a {@link Boolean} for booleans
	 * @param count how many rows hold it
	 */
	public record ValueCount(Object value, long count) {

	}

}
