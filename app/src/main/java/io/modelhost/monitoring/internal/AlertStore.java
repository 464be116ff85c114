package io.modelhost.monitoring.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelhost.monitoring.Alert;
import io.modelhost.monitoring.AlertMetric;
import io.modelhost.monitoring.AlertRule;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.modelhost.monitoring.internal.ResourceStore.instant;
import static io.modelhost.monitoring.internal.ResourceStore.nullableInstant;
import static io.modelhost.monitoring.internal.ResourceStore.utc;

/** Alert rules in {@code alert_rule}, alerts in {@code alert}. */
@Repository
public class AlertStore {

	/** The most alerts one listing returns. */
	public static final int MAX_LISTED = 500;

	private final JdbcClient jdbc;

	public AlertStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<AlertRule> rule(String modelId) {
		return this.jdbc.sql("SELECT * FROM alert_rule WHERE model_id = :model")
			.param("model", modelId)
			.query((rs, row) -> rule(rs))
			.optional();
	}

	/** Every model's rules, by model id. */
	public List<ModelRule> rules() {
		return this.jdbc.sql("SELECT * FROM alert_rule ORDER BY model_id")
			.query((rs, row) -> new ModelRule(rs.getString("model_id"), rule(rs)))
			.list();
	}

	/** Sets a model's rules, replacing any it had. */
	public void saveRule(String modelId, AlertRule rule, String userId, Instant at) {
		int updated = this.jdbc.sql("""
				UPDATE alert_rule SET cpu_percent = :cpu, memory_mb = :memory, error_rate = :errors,
				    p95_latency_ms = :latency, window_seconds = :window, updated_at = :at, updated_by = :user
				WHERE model_id = :model""").params(ruleParams(modelId, rule, userId, at)).update();
		if (updated == 0) {
			try {
				this.jdbc.sql("""
						INSERT INTO alert_rule (model_id, cpu_percent, memory_mb, error_rate, p95_latency_ms,
						    window_seconds, updated_at, updated_by)
						VALUES (:model, :cpu, :memory, :errors, :latency, :window, :at, :user)""")
					.params(ruleParams(modelId, rule, userId, at))
					.update();
			}
			catch (DuplicateKeyException ex) {
				// set at the same moment by someone else: the later write wins
				saveRule(modelId, rule, userId, at);
			}
		}
	}

	private static Map<String, @Nullable Object> ruleParams(String modelId, AlertRule rule, String userId, Instant at) {
		var params = new HashMap<String, @Nullable Object>();
		params.put("model", modelId);
		params.put("cpu", rule.cpuPercent());
		params.put("memory", rule.memoryMb());
		params.put("errors", rule.errorRate());
		params.put("latency", rule.p95LatencyMs());
		params.put("window", rule.window().toSeconds());
		params.put("at", utc(at));
		params.put("user", userId);
		return params;
	}

	/**
	 * Stores a new open alert, unless one is open for the model and metric already.
	 * @return whether it was stored
	 */
	public boolean raise(Alert alert) {
		try {
			this.jdbc.sql("""
					INSERT INTO alert (id, model_id, metric, threshold, raised_value, raised_at, open_key)
					VALUES (:id, :model, :metric, :threshold, :value, :at, :key)""")
				.param("id", alert.id())
				.param("model", alert.modelId())
				.param("metric", alert.metric().label())
				.param("threshold", alert.threshold())
				.param("value", alert.value())
				.param("at", utc(alert.raisedAt()))
				.param("key", openKey(alert.modelId(), alert.metric()))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false; // raised meanwhile, by another evaluation or replica
		}
	}

	/** Clears an open alert; false if it was cleared already. */
	public boolean clear(String alertId, double value, Instant at) {
		return this.jdbc.sql("""
				UPDATE alert SET cleared_at = :at, cleared_value = :value, open_key = NULL
				WHERE id = :id AND cleared_at IS NULL""")
			.param("id", alertId)
			.param("value", value)
			.param("at", utc(at))
			.update() > 0;
	}

	/** A model's alerts, newest first, at most {@link #MAX_LISTED}. */
	public List<Alert> alerts(String modelId, boolean openOnly) {
		return this.jdbc
			.sql("SELECT * FROM alert WHERE model_id = :model" + (openOnly ? " AND cleared_at IS NULL" : "")
					+ " ORDER BY raised_at DESC, id DESC LIMIT " + MAX_LISTED)
			.param("model", modelId)
			.query((rs, row) -> alert(rs))
			.list();
	}

	/** Deletes alerts cleared before the cutoff; returns how many. */
	public int deleteClearedBefore(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM alert WHERE cleared_at < :cutoff").param("cutoff", utc(cutoff)).update();
	}

	public void deleteModel(String modelId) {
		this.jdbc.sql("DELETE FROM alert WHERE model_id = :model").param("model", modelId).update();
		this.jdbc.sql("DELETE FROM alert_rule WHERE model_id = :model").param("model", modelId).update();
	}

	private static String openKey(String modelId, AlertMetric metric) {
		return modelId + ":" + metric.label();
	}

	private static AlertRule rule(ResultSet rs) throws SQLException {
		return new AlertRule(nullable(rs, "cpu_percent"), nullable(rs, "memory_mb"), nullable(rs, "error_rate"),
				nullable(rs, "p95_latency_ms"), Duration.ofSeconds(rs.getLong("window_seconds")));
	}

	private static Alert alert(ResultSet rs) throws SQLException {
		return new Alert(rs.getString("id"), rs.getString("model_id"), AlertMetric.of(rs.getString("metric")),
				rs.getDouble("threshold"), rs.getDouble("raised_value"), instant(rs, "raised_at"),
				nullable(rs, "cleared_value"), nullableInstant(rs, "cleared_at"));
	}

	private static @Nullable Double nullable(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	/**
	 * A model's alert rules.
	 *
	 * @param modelId the model
	 * @param rule its thresholds
	 */
	public record ModelRule(String modelId, AlertRule rule) {

	}

}
