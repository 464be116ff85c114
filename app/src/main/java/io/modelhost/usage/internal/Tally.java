package io.modelhost.usage.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.modelhost.usage.Counts;
import io.modelhost.usage.LatencyHistogram;
import io.modelhost.usage.UsageRecord;
import org.jspecify.annotations.Nullable;

/**
 * Requests added up: what one rollup row holds. Not thread-safe; min and max are
 * meaningful only when the count is positive.
 */
public final class Tally {

	/** The aggregate of rollup rows, in the order {@link #read} expects. */
	static final String SUMS;

	/** The columns of a rollup row after its key, in the order {@link #values} gives. */
	static final String COLUMNS;

	static {
		var sums = new StringBuilder("SUM(count_success), SUM(count_client_error), SUM(count_server_error), "
				+ "SUM(latency_sum_micros), MIN(latency_min_micros), MAX(latency_max_micros), MAX(last_at)");
		var columns = new StringBuilder("count_success, count_client_error, count_server_error, "
				+ "latency_sum_micros, latency_min_micros, latency_max_micros, last_at");
		for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
			sums.append(", SUM(h").append(i).append(')');
			columns.append(", h").append(i);
		}
		sums.append(", SUM(rows_count)");
		columns.append(", rows_count");
		SUMS = sums.toString();
		COLUMNS = columns.toString();
	}

	/** How many values {@link #COLUMNS} has. */
	static final int COLUMN_COUNT = 8 + LatencyHistogram.BUCKETS;

	long success;

	long clientError;

	long serverError;

	long latencySumMicros;

	long latencyMinMicros = Long.MAX_VALUE;

	long latencyMaxMicros;

	@Nullable Instant lastAt;

	final long[] histogram = new long[LatencyHistogram.BUCKETS];

	/**
	 * Rows (or examples) the requests held: a batch prediction's chunk counts its rows.
	 */
	long rows;

	public long count() {
		return this.success + this.clientError + this.serverError;
	}

	public Counts counts() {
		return new Counts(this.success, this.clientError, this.serverError);
	}

	public long latencySumMicros() {
		return this.latencySumMicros;
	}

	public long latencyMinMicros() {
		return this.latencyMinMicros;
	}

	public long latencyMaxMicros() {
		return this.latencyMaxMicros;
	}

	public @Nullable Instant lastAt() {
		return this.lastAt;
	}

	public long rows() {
		return this.rows;
	}

	public long[] histogram() {
		return this.histogram.clone();
	}

	/** The mean latency in milliseconds, or null if nothing was counted. */
	public @Nullable Double avgLatencyMillis() {
		long count = count();
		return (count > 0) ? this.latencySumMicros / 1000.0 / count : null;
	}

	void add(UsageRecord record) {
		switch (record.outcome()) {
			case "success" -> this.success++;
			case "client_error" -> this.clientError++;
			default -> this.serverError++;
		}
		this.latencySumMicros += record.latencyMicros();
		this.latencyMinMicros = Math.min(this.latencyMinMicros, record.latencyMicros());
		this.latencyMaxMicros = Math.max(this.latencyMaxMicros, record.latencyMicros());
		this.lastAt = (this.lastAt == null || record.at().isAfter(this.lastAt)) ? record.at() : this.lastAt;
		this.histogram[LatencyHistogram.bucketOf(record.latencyMicros())]++;
		this.rows += record.rows();
	}

	public void add(Tally other) {
		if (other.count() == 0) {
			return;
		}
		this.success += other.success;
		this.clientError += other.clientError;
		this.serverError += other.serverError;
		this.latencySumMicros += other.latencySumMicros;
		this.latencyMinMicros = Math.min(this.latencyMinMicros, other.latencyMinMicros);
		this.latencyMaxMicros = Math.max(this.latencyMaxMicros, other.latencyMaxMicros);
		if (other.lastAt != null && (this.lastAt == null || other.lastAt.isAfter(this.lastAt))) {
			this.lastAt = other.lastAt;
		}
		for (int i = 0; i < this.histogram.length; i++) {
			this.histogram[i] += other.histogram[i];
		}
		this.rows += other.rows;
	}

	/** Reads {@link #SUMS} (or {@link #COLUMNS}) starting at a column. */
	static Tally read(ResultSet rs, int first) throws SQLException {
		var tally = new Tally();
		tally.success = rs.getLong(first);
		tally.clientError = rs.getLong(first + 1);
		tally.serverError = rs.getLong(first + 2);
		if (tally.count() == 0) {
			return new Tally();
		}
		tally.latencySumMicros = rs.getLong(first + 3);
		tally.latencyMinMicros = rs.getLong(first + 4);
		tally.latencyMaxMicros = rs.getLong(first + 5);
		OffsetDateTime last = rs.getObject(first + 6, OffsetDateTime.class);
		tally.lastAt = (last != null) ? last.toInstant() : null;
		for (int i = 0; i < tally.histogram.length; i++) {
			tally.histogram[i] = rs.getLong(first + 7 + i);
		}
		tally.rows = rs.getLong(first + 7 + tally.histogram.length);
		return tally;
	}

	/** The values of {@link #COLUMNS}, in order. */
	Object[] values() {
		var values = new Object[COLUMN_COUNT];
		values[0] = this.success;
		values[1] = this.clientError;
		values[2] = this.serverError;
		values[3] = this.latencySumMicros;
		values[4] = this.latencyMinMicros;
		values[5] = this.latencyMaxMicros;
		values[6] = (this.lastAt != null) ? this.lastAt.atOffset(java.time.ZoneOffset.UTC) : null;
		for (int i = 0; i < this.histogram.length; i++) {
			values[7 + i] = this.histogram[i];
		}
		values[7 + this.histogram.length] = this.rows;
		return values;
	}

}
