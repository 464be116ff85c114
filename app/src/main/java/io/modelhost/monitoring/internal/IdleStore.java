package io.modelhost.monitoring.internal;

import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.modelhost.monitoring.IdleFlag;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.modelhost.monitoring.internal.ResourceStore.instant;
import static io.modelhost.monitoring.internal.ResourceStore.nullableInstant;
import static io.modelhost.monitoring.internal.ResourceStore.utc;

/** Models flagged idle, in {@code idle_model}. */
@Repository
public class IdleStore {

	private final JdbcClient jdbc;

	public IdleStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Flags a model; false if it is flagged already (by another check or replica).
	 */
	public boolean flag(IdleFlag flag) {
		try {
			this.jdbc.sql("""
					INSERT INTO idle_model (model_id, idle_since, flagged_at, last_used_at, archived)
					VALUES (:model, :since, :at, :lastUsed, :archived)""")
				.param("model", flag.modelId())
				.param("since", utc(flag.idleSince()))
				.param("at", utc(flag.flaggedAt()))
				.param("lastUsed", (flag.lastUsedAt() != null) ? utc(flag.lastUsedAt()) : null,
						Types.TIMESTAMP_WITH_TIMEZONE)
				.param("archived", flag.archived())
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	public void markArchived(String modelId) {
		this.jdbc.sql("UPDATE idle_model SET archived = TRUE WHERE model_id = :model").param("model", modelId).update();
	}

	public Optional<IdleFlag> find(String modelId) {
		return this.jdbc.sql("SELECT * FROM idle_model WHERE model_id = :model")
			.param("model", modelId)
			.query((rs, row) -> new IdleFlag(rs.getString("model_id"), instant(rs, "idle_since"),
					instant(rs, "flagged_at"), nullableInstant(rs, "last_used_at"), rs.getBoolean("archived")))
			.optional();
	}

	public List<String> flaggedIds() {
		return this.jdbc.sql("SELECT model_id FROM idle_model").query(String.class).list();
	}

	/** Clears a model's flag; false if it had none. */
	public boolean clear(String modelId) {
		return this.jdbc.sql("DELETE FROM idle_model WHERE model_id = :model").param("model", modelId).update() > 0;
	}

}
