package io.modelhost.monitoring.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.modelhost.monitoring.internal.ResourceStore.utc;

/**
 * Reads of the usage module's {@code usage_record} table for alerts and the idle check,
 * each a range of the index {@code (model_id, created_at)} and bounded.
 */
@Repository
public class UsageWindow {

	/** The most recent requests of a window that error rate and latency look at. */
	public static final int MAX_REQUESTS = 10_000;

	private final JdbcClient jdbc;

	public UsageWindow(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A model's error rate and latency over its requests since {@code since}: the most
	 * recent {@link #MAX_REQUESTS} of them.
	 */
	public Stats stats(String modelId, Instant since) {
		record Row(int status, long latencyMicros) {
		}
		List<Row> rows = this.jdbc.sql("""
				SELECT status, latency_micros FROM usage_record WHERE model_id = :model AND created_at >= :since
				ORDER BY created_at DESC LIMIT :limit""")
			.param("model", modelId)
			.param("since", utc(since))
			.param("limit", MAX_REQUESTS)
			.query((rs, row) -> new Row(rs.getInt("status"), rs.getLong("latency_micros")))
			.list();
		if (rows.isEmpty()) {
			return new Stats(0, 0, null);
		}
		long errors = rows.stream().filter((row) -> row.status() < 200 || row.status() >= 300).count();
		long[] latencies = rows.stream().mapToLong(Row::latencyMicros).sorted().toArray();
		// nearest rank
		int rank = (int) Math.ceil(0.95 * latencies.length) - 1;
		return new Stats(rows.size(), (double) errors / rows.size(), latencies[Math.max(0, rank)] / 1000.0);
	}

	/** When the model last had a prediction request, if ever. */
	public Optional<Instant> lastUsed(String modelId) {
		var last = new ArrayList<Instant>(1);
		this.jdbc.sql("SELECT MAX(created_at) AS last_used FROM usage_record WHERE model_id = :model")
			.param("model", modelId)
			.query((rs) -> {
				Instant instant = ResourceStore.nullableInstant(rs, "last_used");
				if (instant != null) {
					last.add(instant);
				}
			});
		return last.stream().findFirst();
	}

	/**
	 * Error rate and latency over a window.
	 *
	 * @param requests how many requests were looked at
	 * @param errorRate the share answered with a status other than 2xx (0 without
	 * requests)
	 * @param p95LatencyMs the 95th percentile latency (nearest rank), null without
	 * requests
	 */
	public record Stats(int requests, double errorRate, @Nullable Double p95LatencyMs) {

	}

}
