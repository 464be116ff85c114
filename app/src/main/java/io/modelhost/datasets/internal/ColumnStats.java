package io.modelhost.datasets.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.ColumnProfile.ValueCount;
import io.modelhost.datasets.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * One column's statistics, gathered a cell at a time in bounded memory: every candidate
 * type is tracked until a cell rules it out, distinct values are counted exactly up to
 * {@link #DISTINCT_CAP}, and the counts per value that categories need are kept only
 * while the column can still be one. Not thread-safe.
 */
final class ColumnStats {

	/** Distinct values are counted exactly up to this many; then "at least". */
	static final int DISTINCT_CAP = 1000;

	/** A category has at most this many distinct values. */
	static final int CATEGORY_MAX_DISTINCT = 100;

	/** A category's values are at most this long. */
	static final int CATEGORY_MAX_LENGTH = 200;

	private static final int TOP_VALUES = 5;

	private final String name;

	private long missing;

	private long present;

	private boolean integers = true;

	private boolean numbers = true;

	private long minInteger = Long.MAX_VALUE;

	private long maxInteger = Long.MIN_VALUE;

	private double min = Double.POSITIVE_INFINITY;

	private double max = Double.NEGATIVE_INFINITY;

	private double sum;

	/** The boolean words seen so far, or null once a cell was not one. */
	private @Nullable Boolean yesNo;

	private boolean booleans = true;

	private long trues;

	/** Distinct numbers (their bits), while the column may be numeric. */
	private final Set<Long> distinctNumbers = new HashSet<>();

	private boolean numbersCapped;

	/**
	 * Distinct strings as 64-bit hashes, while fewer than the cap: bounded memory however
	 * long the values (two of a thousand values colliding is a chance of about 1 in
	 * 10^13).
	 */
	private final Set<Long> distinctValues = new HashSet<>();

	private boolean valuesCapped;

	/** How often each value occurs, while the column may be a category. */
	private @Nullable Map<String, long[]> counts = new HashMap<>();

	ColumnStats(String name) {
		this.name = name;
	}

	void add(String cell) {
		String value = Cells.value(cell);
		if (value == null) {
			this.missing++;
			return;
		}
		this.present++;
		if (this.numbers) {
			addNumber(value);
		}
		if (this.booleans) {
			Cells.BooleanWord word = Cells.bool(value);
			if (word == null || (this.yesNo != null && this.yesNo != word.yesNo())) {
				this.booleans = false;
			}
			else {
				this.yesNo = word.yesNo();
				this.trues += word.value() ? 1 : 0;
			}
		}
		if (!this.valuesCapped) {
			// strings longer than a category's are counted too: a text column's distinct
			// count is worth knowing
			this.distinctValues.add(hash(value));
			this.valuesCapped = this.distinctValues.size() >= DISTINCT_CAP;
		}
		if (this.counts != null) {
			if (value.length() > CATEGORY_MAX_LENGTH) {
				this.counts = null;
			}
			else {
				this.counts.computeIfAbsent(value, (v) -> new long[1])[0]++;
				if (this.counts.size() > CATEGORY_MAX_DISTINCT) {
					this.counts = null;
				}
			}
		}
	}

	private void addNumber(String value) {
		Long integer = this.integers ? Cells.integer(value) : null;
		Double number = (integer != null) ? Double.valueOf(integer) : Cells.number(value);
		if (number == null) {
			this.numbers = false;
			this.integers = false;
			this.distinctNumbers.clear();
			return;
		}
		if (integer != null) {
			this.minInteger = Math.min(this.minInteger, integer);
			this.maxInteger = Math.max(this.maxInteger, integer);
		}
		else {
			this.integers = false;
		}
		this.min = Math.min(this.min, number);
		this.max = Math.max(this.max, number);
		this.sum += number;
		if (!this.numbersCapped) {
			// +0.0 makes -0.0 and 0.0 one value
			this.distinctNumbers.add(Double.doubleToLongBits(number + 0.0));
			this.numbersCapped = this.distinctNumbers.size() >= DISTINCT_CAP;
		}
	}

	/** FNV-1a over the characters, then a finalizer that spreads the bits. */
	private static long hash(String value) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < value.length(); i++) {
			hash = (hash ^ value.charAt(i)) * 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		return hash;
	}

	/** The column's profile, its type inferred from every cell added. */
	ColumnProfile profile() {
		if (this.present == 0) {
			return new ColumnProfile(this.name, ColumnType.TEXT, this.missing, 0, true, null, null, null, List.of());
		}
		double mean = this.sum / this.present;
		if (this.integers) {
			return new ColumnProfile(this.name, ColumnType.INTEGER, this.missing, this.distinctNumbers.size(),
					!this.numbersCapped, this.minInteger, this.maxInteger, mean, List.of());
		}
		if (this.numbers) {
			return new ColumnProfile(this.name, ColumnType.NUMBER, this.missing, this.distinctNumbers.size(),
					!this.numbersCapped, this.min, this.max, mean, List.of());
		}
		if (this.booleans) {
			var top = new ArrayList<ValueCount>();
			long falses = this.present - this.trues;
			if (this.trues > 0) {
				top.add(new ValueCount(true, this.trues));
			}
			if (falses > 0) {
				top.add(new ValueCount(false, falses));
			}
			top.sort(Comparator.comparingLong(ValueCount::count).reversed());
			return new ColumnProfile(this.name, ColumnType.BOOLEAN, this.missing, top.size(), true, null, null, null,
					top);
		}
		long distinct = this.distinctValues.size();
		if (this.counts != null && distinct * 2 <= this.present) {
			List<ValueCount> top = this.counts.entrySet()
				.stream()
				.sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
					.reversed()
					.thenComparing(Map.Entry::getKey))
				.limit(TOP_VALUES)
				.map((e) -> new ValueCount(e.getKey(), e.getValue()[0]))
				.toList();
			return new ColumnProfile(this.name, ColumnType.CATEGORY, this.missing, distinct, true, null, null, null,
					top);
		}
		return new ColumnProfile(this.name, ColumnType.TEXT, this.missing, distinct, !this.valuesCapped, null, null,
				null, List.of());
	}

}
