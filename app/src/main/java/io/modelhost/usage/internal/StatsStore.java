package io.modelhost.usage.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.usage.ErrorEntry;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the usage rollups, and the raw records where a bounded number is needed. */
@Repository
public class StatsStore {

	/** A rollup table, finest first. */
	public enum Rollup {

		MINUTE("usage_rollup_minute", ChronoUnit.MINUTES), HOUR("usage_rollup_hour", ChronoUnit.HOURS),
		DAY("usage_rollup_day", ChronoUnit.DAYS);

		private final String table;

		private final ChronoUnit unit;

		Rollup(String table, ChronoUnit unit) {
			this.table = table;
			this.unit = unit;
		}

		/** The width of its buckets, which start at whole UTC units. */
		public ChronoUnit unit() {
			return this.unit;
		}

	}

	private final JdbcClient jdbc;

	public StatsStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A model's requests in [from, to) bucket by bucket of the rollup, keys added up;
	 * only buckets that had requests.
	 */
	public Map<Instant, Tally> buckets(Rollup rollup, String modelId, @Nullable String apiKeyId, Instant from,
			Instant to) {
		var buckets = new HashMap<Instant, Tally>();
		this.jdbc
			.sql("SELECT bucket_start, " + Tally.SUMS + " FROM " + rollup.table
					+ " WHERE model_id = :model AND bucket_start >= :from AND bucket_start < :to" + keyFilter(apiKeyId)
					+ " GROUP BY bucket_start")
			.param("model", modelId)
			.param("from", utc(from))
			.param("to", utc(to))
			.params(keyParam(apiKeyId))
			.query((ResultSet rs) -> {
				buckets.put(rs.getObject(1, OffsetDateTime.class).toInstant(), Tally.read(rs, 2));
			});
		return buckets;
	}

	/** A model's requests ever, from the day rollup. */
	public Tally total(String modelId, @Nullable String apiKeyId) {
		return this.jdbc
			.sql("SELECT " + Tally.SUMS + " FROM usage_rollup_day WHERE model_id = :model" + keyFilter(apiKeyId))
			.param("model", modelId)
			.params(keyParam(apiKeyId))
			.query((rs, row) -> Tally.read(rs, 1))
			.single();
	}

	/** The latencies of at most {@code limit} raw records in [from, to), in no order. */
	public List<Long> latencies(String modelId, @Nullable String apiKeyId, Instant from, Instant to, int limit) {
		return this.jdbc
			.sql("SELECT latency_micros FROM usage_record WHERE model_id = :model AND created_at >= :from"
					+ " AND created_at < :to" + keyFilter(apiKeyId) + " LIMIT :limit")
			.param("model", modelId)
			.param("from", utc(from))
			.param("to", utc(to))
			.param("limit", limit)
			.params(keyParam(apiKeyId))
			.query(Long.class)
			.list();
	}

	/**
	 * A model's failed requests in [from, to), newest first: one indexed range read per
	 * outcome, merged.
	 */
	public List<ErrorEntry> errors(String modelId, Instant from, Instant to, int limit) {
		var errors = new ArrayList<ErrorEntry>();
		for (String outcome : List.of("client_error", "server_error")) {
			errors.addAll(this.jdbc.sql("""
					SELECT created_at, status, outcome, protocol, request_id, api_key_id, model_version,
					    latency_micros, error_type, error_title
					FROM usage_record
					WHERE model_id = :model AND outcome = :outcome AND created_at >= :from AND created_at < :to
					ORDER BY created_at DESC LIMIT :limit""")
				.param("model", modelId)
				.param("outcome", outcome)
				.param("from", utc(from))
				.param("to", utc(to))
				.param("limit", limit)
				.query((rs, row) -> error(rs))
				.list());
		}
		errors.sort(Comparator.comparing(ErrorEntry::at).reversed());
		return errors.subList(0, Math.min(limit, errors.size()));
	}

	/**
	 * For each model: its requests ever (day rollup) and since an instant (minute
	 * rollup), in one statement.
	 */
	public Map<String, Tally[]> summaries(Collection<String> modelIds, Instant since) {
		var summaries = new HashMap<String, Tally[]>();
		if (modelIds.isEmpty()) {
			return summaries;
		}
		// a join with the ids rather than IN: H2 seeks (model_id, bucket_start) per id
		// only so
		String ids = "(VALUES " + String.join(", ", Collections.nCopies(modelIds.size(), "(CAST(? AS VARCHAR(36)))"))
				+ ") AS m (id)";
		var params = new ArrayList<Object>(modelIds);
		params.add(utc(since));
		params.addAll(modelIds);
		this.jdbc
			.sql("SELECT 1, r.model_id, " + Tally.SUMS + " FROM " + ids
					+ " JOIN usage_rollup_minute r ON r.model_id = m.id AND r.bucket_start >= ? GROUP BY r.model_id"
					+ " UNION ALL SELECT 0, r.model_id, " + Tally.SUMS + " FROM " + ids
					+ " JOIN usage_rollup_day r ON r.model_id = m.id GROUP BY r.model_id")
			.params(params)
			.query((ResultSet rs) -> {
				Tally[] pair = summaries.computeIfAbsent(rs.getString(2),
						(id) -> new Tally[] { new Tally(), new Tally() });
				pair[rs.getInt(1)] = Tally.read(rs, 3);
			});
		return summaries;
	}

	private static ErrorEntry error(ResultSet rs) throws SQLException {
		return new ErrorEntry(rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("status"),
				rs.getString("outcome"), rs.getString("protocol"), rs.getString("request_id"),
				rs.getString("api_key_id"), rs.getInt("model_version"), rs.getLong("latency_micros") / 1000.0,
				rs.getString("error_type"), rs.getString("error_title"));
	}

	private static String keyFilter(@Nullable String apiKeyId) {
		return (apiKeyId != null) ? " AND api_key_id = :key" : "";
	}

	private static Map<String, ?> keyParam(@Nullable String apiKeyId) {
		return (apiKeyId != null) ? Map.of("key", apiKeyId) : Map.of();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
