package io.modelhost.drift.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.modelhost.drift.DriftReference;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reference datasets users set for their models. */
@Repository
public class ReferenceStore {

	private final JdbcClient jdbc;

	public ReferenceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<DriftReference> find(String modelId) {
		return this.jdbc.sql("SELECT dataset_id, set_at FROM drift_reference WHERE model_id = :model")
			.param("model", modelId)
			.query((rs, row) -> new DriftReference(rs.getString("dataset_id"), "set",
					rs.getObject("set_at", OffsetDateTime.class).toInstant()))
			.optional();
	}

	public void save(String modelId, String datasetId, String userId, Instant at) {
		int updated = this.jdbc
			.sql("UPDATE drift_reference SET dataset_id = :dataset, set_by = :user, set_at = :at "
					+ "WHERE model_id = :model")
			.param("model", modelId)
			.param("dataset", datasetId)
			.param("user", userId)
			.param("at", at.atOffset(ZoneOffset.UTC))
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO drift_reference (model_id, dataset_id, set_by, set_at) "
						+ "VALUES (:model, :dataset, :user, :at)")
				.param("model", modelId)
				.param("dataset", datasetId)
				.param("user", userId)
				.param("at", at.atOffset(ZoneOffset.UTC))
				.update();
		}
	}

	public boolean delete(String modelId) {
		return this.jdbc.sql("DELETE FROM drift_reference WHERE model_id = :model")
			.param("model", modelId)
			.update() > 0;
	}

}
