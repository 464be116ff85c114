package io.modelhost.capture.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelhost.capture.CaptureSettings;
import io.modelhost.capture.CapturedPrediction;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Capture settings and captured rows in the database. */
@Repository
public class CaptureStore {

	/** Its own mapper: the API's JSON settings never change what is stored. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> INPUTS = new TypeReference<>() {
	};

	private static final TypeReference<List<Double>> PROBABILITIES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	public CaptureStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<CaptureSettings> settings(String modelId) {
		return this.jdbc.sql("SELECT enabled, sample_rate, retention_days FROM capture_setting WHERE model_id = :model")
			.param("model", modelId)
			.query((rs, row) -> new CaptureSettings(rs.getBoolean("enabled"), rs.getDouble("sample_rate"),
					rs.getInt("retention_days")))
			.optional();
	}

	/** Every model's retention, in days, by model id. */
	public Map<String, Integer> retentions() {
		var retentions = new LinkedHashMap<String, Integer>();
		this.jdbc.sql("SELECT model_id, retention_days FROM capture_setting").query((ResultSet rs) -> {
			retentions.put(rs.getString("model_id"), rs.getInt("retention_days"));
		});
		return retentions;
	}

	public void saveSettings(String modelId, CaptureSettings settings, Instant at) {
		int updated = this.jdbc.sql("""
				UPDATE capture_setting SET enabled = :enabled, sample_rate = :rate, retention_days = :days,
				    updated_at = :at WHERE model_id = :model""").params(settingsParams(modelId, settings, at)).update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO capture_setting (model_id, enabled, sample_rate, retention_days, updated_at)
					VALUES (:model, :enabled, :rate, :days, :at)""")
				.params(settingsParams(modelId, settings, at))
				.update();
		}
	}

	private static Map<String, Object> settingsParams(String modelId, CaptureSettings settings, Instant at) {
		return Map.of("model", modelId, "enabled", settings.enabled(), "rate", settings.sampleRate(), "days",
				settings.retentionDays(), "at", utc(at));
	}

	/** Stores a row; a row whose model is gone is refused by its foreign key. */
	public void insert(CapturedPrediction row) {
		this.jdbc.sql("""
				INSERT INTO prediction_capture (model_id, version, captured_at, inputs, prediction, probabilities)
				VALUES (:model, :version, :at, :inputs, :prediction, :probabilities)""")
			.param("model", row.modelId())
			.param("version", row.version())
			.param("at", utc(row.capturedAt()))
			.param("inputs", JSON.writeValueAsString(row.inputs()))
			.param("prediction", (row.prediction() != null) ? JSON.writeValueAsString(row.prediction()) : null)
			.param("probabilities", (row.probabilities() != null) ? JSON.writeValueAsString(row.probabilities()) : null)
			.update();
	}

	public long count(String modelId, Instant from, Instant to) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM prediction_capture WHERE model_id = :model AND captured_at >= :from "
					+ "AND captured_at < :to")
			.param("model", modelId)
			.param("from", utc(from))
			.param("to", utc(to))
			.query(Long.class)
			.single();
	}

	/** Rows of the window, newest first. */
	public List<CapturedPrediction> newest(String modelId, Instant from, Instant to, int offset, int limit) {
		return this.jdbc.sql("""
				SELECT * FROM prediction_capture WHERE model_id = :model AND captured_at >= :from AND captured_at < :to
				ORDER BY captured_at DESC, id DESC OFFSET :offset ROWS FETCH FIRST :limit ROWS ONLY""")
			.param("model", modelId)
			.param("from", utc(from))
			.param("to", utc(to))
			.param("offset", offset)
			.param("limit", limit)
			.query((rs, row) -> row(rs))
			.list();
	}

	/**
	 * Rows of the window with an id below {@code beforeId}, newest first: for keyset
	 * paging.
	 */
	public List<CapturedPrediction> before(String modelId, Instant from, Instant to, long beforeId, int limit) {
		return this.jdbc.sql("""
				SELECT * FROM prediction_capture WHERE model_id = :model AND captured_at >= :from AND captured_at < :to
				AND id < :before ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
			.param("model", modelId)
			.param("from", utc(from))
			.param("to", utc(to))
			.param("before", beforeId)
			.param("limit", limit)
			.query((rs, row) -> row(rs))
			.list();
	}

	public int deleteModel(String modelId) {
		this.jdbc.sql("DELETE FROM capture_setting WHERE model_id = :model").param("model", modelId).update();
		return this.jdbc.sql("DELETE FROM prediction_capture WHERE model_id = :model").param("model", modelId).update();
	}

	public int deleteBefore(String modelId, Instant before) {
		return this.jdbc.sql("DELETE FROM prediction_capture WHERE model_id = :model AND captured_at < :before")
			.param("model", modelId)
			.param("before", utc(before))
			.update();
	}

	private static CapturedPrediction row(ResultSet rs) throws SQLException {
		String prediction = rs.getString("prediction");
		String probabilities = rs.getString("probabilities");
		return new CapturedPrediction(rs.getLong("id"), rs.getString("model_id"), rs.getInt("version"),
				rs.getObject("captured_at", OffsetDateTime.class).toInstant(),
				JSON.readValue(rs.getString("inputs"), INPUTS),
				(prediction != null) ? JSON.readValue(prediction, Object.class) : null,
				(probabilities != null) ? JSON.readValue(probabilities, PROBABILITIES) : null);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
