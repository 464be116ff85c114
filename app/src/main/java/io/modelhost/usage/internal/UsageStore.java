package io.modelhost.usage.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;

import io.modelhost.usage.UsageRecord;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Usage records in the {@code usage_record} table. */
@Repository
public class UsageStore {

	private static final String INSERT = """
			INSERT INTO usage_record (id, request_id, model_id, model_version, user_id, api_key_id, protocol, status,
			    outcome, rows_count, latency_micros, queue_micros, batch_size, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	public UsageStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes records in one batch. If the batch fails because some were written before (a
	 * retry after a partial failure), writes them one by one, skipping those already
	 * there.
	 */
	public void insert(List<UsageRecord> records) {
		try {
			this.jdbc.batchUpdate(INSERT, records, records.size(), UsageStore::bind);
		}
		catch (DuplicateKeyException ex) {
			for (UsageRecord record : records) {
				try {
					this.jdbc.update(INSERT, (statement) -> bind(statement, record));
				}
				catch (DuplicateKeyException duplicate) {
					// written by the failed batch already: the id makes a second copy
					// impossible
				}
			}
		}
	}

	private static void bind(PreparedStatement statement, UsageRecord record) throws SQLException {
		statement.setString(1, record.id());
		statement.setString(2, record.requestId());
		statement.setString(3, record.modelId());
		statement.setInt(4, record.modelVersion());
		statement.setString(5, record.userId());
		if (record.apiKeyId() != null) {
			statement.setString(6, record.apiKeyId());
		}
		else {
			statement.setNull(6, Types.VARCHAR);
		}
		statement.setString(7, record.protocol());
		statement.setInt(8, record.status());
		statement.setString(9, record.outcome());
		statement.setInt(10, record.rows());
		statement.setLong(11, record.latencyMicros());
		statement.setLong(12, record.queueMicros());
		statement.setInt(13, record.batchSize());
		statement.setObject(14, record.at().atOffset(ZoneOffset.UTC));
	}

	public long count() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM usage_record", Long.class);
		return (count != null) ? count : 0;
	}

}
