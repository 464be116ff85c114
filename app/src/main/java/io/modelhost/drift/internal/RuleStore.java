package io.modelhost.drift.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

import io.modelhost.drift.DriftRule;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Drift alert rules, and since when each model's alert is open. */
@Repository
public class RuleStore {

	private final JdbcClient jdbc;

	public RuleStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<StoredRule> find(String modelId) {
		return this.jdbc.sql("SELECT * FROM drift_rule WHERE model_id = :model")
			.param("model", modelId)
			.query((rs, row) -> stored(rs))
			.optional();
	}

	public List<StoredRule> all() {
		return this.jdbc.sql("SELECT * FROM drift_rule ORDER BY model_id").query((rs, row) -> stored(rs)).list();
	}

	/** Sets a model's rule; a changed rule starts with its alert closed. */
	public void save(String modelId, DriftRule rule, Instant at) {
		var params = new HashMap<String, @Nullable Object>();
		params.put("model", modelId);
		params.put("psi", rule.psi());
		params.put("share", rule.shareDrifted());
		params.put("window", rule.window().toSeconds());
		params.put("at", at.atOffset(ZoneOffset.UTC));
		int updated = this.jdbc.sql("""
				UPDATE drift_rule SET psi = :psi, share_drifted = :share, window_seconds = :window,
				    open_since = NULL, updated_at = :at WHERE model_id = :model""").params(params).update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO drift_rule (model_id, psi, share_drifted, window_seconds, open_since, updated_at)
					VALUES (:model, :psi, :share, :window, NULL, :at)""").params(params).update();
		}
	}

	/**
	 * Opens the model's alert if it is closed.
	 * @return whether this call opened it (once across replicas)
	 */
	public boolean open(String modelId, Instant at) {
		return this.jdbc.sql("UPDATE drift_rule SET open_since = :at WHERE model_id = :model AND open_since IS NULL")
			.param("model", modelId)
			.param("at", at.atOffset(ZoneOffset.UTC))
			.update() > 0;
	}

	public void close(String modelId) {
		this.jdbc.sql("UPDATE drift_rule SET open_since = NULL WHERE model_id = :model")
			.param("model", modelId)
			.update();
	}

	private static StoredRule stored(ResultSet rs) throws SQLException {
		OffsetDateTime open = rs.getObject("open_since", OffsetDateTime.class);
		return new StoredRule(rs.getString("model_id"), new DriftRule(nullable(rs, "psi"),
				nullable(rs, "share_drifted"), Duration.ofSeconds(rs.getLong("window_seconds"))),
				(open != null) ? open.toInstant() : null);
	}

	private static @Nullable Double nullable(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	/**
	 * A model's rule.
	 *
	 * @param modelId the model
	 * @param rule its thresholds
	 * @param openSince since when its alert is open; null when closed
	 */
	public record StoredRule(String modelId, DriftRule rule, @Nullable Instant openSince) {

	}

}
