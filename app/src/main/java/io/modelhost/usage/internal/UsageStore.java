package io.modelhost.usage.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.modelhost.usage.UsageRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Usage records in the {@code usage_record} table, and their rollups in
 * {@code usage_rollup_minute}, {@code usage_rollup_hour} and {@code usage_rollup_day},
 * which are added to in the transaction that inserts the records.
 */
@Repository
public class UsageStore {

	private static final String INSERT = """
			INSERT INTO usage_record (id, request_id, model_id, model_version, user_id, api_key_id, protocol, status,
			    outcome, rows_count, latency_micros, queue_micros, batch_size, created_at, error_type, error_title)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	/** The rollup tables and the unit each truncates to. */
	private static final Map<String, ChronoUnit> ROLLUPS = Map.of("usage_rollup_minute", ChronoUnit.MINUTES,
			"usage_rollup_hour", ChronoUnit.HOURS, "usage_rollup_day", ChronoUnit.DAYS);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Map<String, String> upserts = new TreeMap<>();

	public UsageStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		String product = jdbc.execute((ConnectionCallback<String>) (c) -> c.getMetaData().getDatabaseProductName());
		boolean postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
		ROLLUPS.keySet().forEach((table) -> this.upserts.put(table, postgres ? onConflict(table) : merge(table)));
	}

	/**
	 * Writes records and adds them to the rollups in one transaction. If the batch fails
	 * because some were written before (a retry after a commit whose answer was lost),
	 * writes those not written yet: a record is never counted twice.
	 */
	public void insert(List<UsageRecord> records) {
		try {
			this.transactions.executeWithoutResult((status) -> write(records));
		}
		catch (DuplicateKeyException ex) {
			this.transactions.executeWithoutResult((status) -> write(notWritten(records)));
		}
	}

	private void write(List<UsageRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate(INSERT, records, records.size(), UsageStore::bind);
		ROLLUPS.forEach((table, unit) -> upsert(table, unit, records));
	}

	private List<UsageRecord> notWritten(List<UsageRecord> records) {
		Set<String> written = new HashSet<>();
		List<String> ids = records.stream().map(UsageRecord::id).distinct().toList();
		for (int i = 0; i < ids.size(); i += 500) {
			List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
			String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
			written.addAll(this.jdbc.queryForList("SELECT id FROM usage_record WHERE id IN (" + marks + ")",
					String.class, chunk.toArray()));
		}
		var remaining = new ArrayList<UsageRecord>();
		for (UsageRecord record : records) {
			if (written.add(record.id())) {
				remaining.add(record);
			}
		}
		return remaining;
	}

	/**
	 * Adds the records to a rollup table, one upsert per key, in key order so that
	 * concurrent writers lock rows in the same order.
	 */
	private void upsert(String table, ChronoUnit unit, List<UsageRecord> records) {
		var tallies = new TreeMap<RollupKey, Tally>();
		for (UsageRecord record : records) {
			var key = new RollupKey(record.modelId(), record.at().truncatedTo(unit),
					(record.apiKeyId() != null) ? record.apiKeyId() : "");
			tallies.computeIfAbsent(key, (k) -> new Tally()).add(record);
		}
		List<Object[]> rows = new ArrayList<>(tallies.size());
		tallies.forEach((key, tally) -> {
			Object[] values = tally.values();
			Object[] row = new Object[3 + values.length];
			row[0] = key.modelId();
			row[1] = key.start().atOffset(ZoneOffset.UTC);
			row[2] = key.apiKeyId();
			System.arraycopy(values, 0, row, 3, values.length);
			rows.add(row);
		});
		this.jdbc.batchUpdate(this.upserts.get(table), rows);
	}

	/** PostgreSQL: safe against concurrent writers of the same row. */
	private static String onConflict(String table) {
		var sets = new StringBuilder();
		for (String column : Tally.COLUMNS.split(", ")) {
			sets.append((sets.length() > 0) ? ", " : "").append(column).append(" = ").append(combine(table, column));
		}
		return "INSERT INTO " + table + " (model_id, bucket_start, api_key_id, " + Tally.COLUMNS + ") VALUES ("
				+ marks(3 + Tally.COLUMN_COUNT) + ") ON CONFLICT (model_id, bucket_start, api_key_id) DO UPDATE SET "
				+ sets.toString().replace("#new", "EXCLUDED");
	}

	/**
	 * H2 (which has no {@code ON CONFLICT DO UPDATE}): standard {@code MERGE}; a
	 * concurrent insert of the same row fails the batch, which the ledger retries.
	 */
	private static String merge(String table) {
		var sets = new StringBuilder();
		var casts = new StringBuilder(
				"CAST(? AS VARCHAR(36)), CAST(? AS TIMESTAMP WITH TIME ZONE), " + "CAST(? AS VARCHAR(36))");
		for (String column : Tally.COLUMNS.split(", ")) {
			sets.append((sets.length() > 0) ? ", " : "").append(column).append(" = ").append(combine(table, column));
			casts.append(column.equals("last_at") ? ", CAST(? AS TIMESTAMP WITH TIME ZONE)" : ", CAST(? AS BIGINT)");
		}
		String columns = "model_id, bucket_start, api_key_id, " + Tally.COLUMNS;
		return "MERGE INTO " + table + " USING (VALUES (" + casts + ")) AS n (" + columns + ") ON " + table
				+ ".model_id = n.model_id AND " + table + ".bucket_start = n.bucket_start AND " + table
				+ ".api_key_id = n.api_key_id WHEN MATCHED THEN UPDATE SET " + sets.toString().replace("#new", "n")
				+ " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (n." + columns.replace(", ", ", n.") + ")";
	}

	private static String combine(String table, String column) {
		return switch (column) {
			case "latency_min_micros" -> "LEAST(" + table + "." + column + ", #new." + column + ")";
			case "latency_max_micros", "last_at" -> "GREATEST(" + table + "." + column + ", #new." + column + ")";
			default -> table + "." + column + " + #new." + column;
		};
	}

	private static String marks(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

	private static void bind(PreparedStatement statement, UsageRecord record) throws SQLException {
		statement.setString(1, record.id());
		statement.setString(2, record.requestId());
		statement.setString(3, record.modelId());
		statement.setInt(4, record.modelVersion());
		statement.setString(5, record.userId());
		setNullable(statement, 6, record.apiKeyId());
		statement.setString(7, record.protocol());
		statement.setInt(8, record.status());
		statement.setString(9, record.outcome());
		statement.setInt(10, record.rows());
		statement.setLong(11, record.latencyMicros());
		statement.setLong(12, record.queueMicros());
		statement.setInt(13, record.batchSize());
		statement.setObject(14, record.at().atOffset(ZoneOffset.UTC));
		setNullable(statement, 15, record.errorType());
		setNullable(statement, 16, record.errorTitle());
	}

	private static void setNullable(PreparedStatement statement, int index, @Nullable String value)
			throws SQLException {
		if (value != null) {
			statement.setString(index, value);
		}
		else {
			statement.setNull(index, Types.VARCHAR);
		}
	}

	public long count() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM usage_record", Long.class);
		return (count != null) ? count : 0;
	}

	private record RollupKey(String modelId, Instant start, String apiKeyId) implements Comparable<RollupKey> {

		private static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::modelId)
			.thenComparing(RollupKey::start)
			.thenComparing(RollupKey::apiKeyId);

		@Override
		public int compareTo(RollupKey other) {
			return ORDER.compare(this, other);
		}

	}

}
