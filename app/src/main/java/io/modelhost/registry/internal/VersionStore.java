package io.modelhost.registry.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.modelhost.registry.ModelId;
import io.modelhost.registry.Traffic;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where a model's versions stand: the alias {@code production} (the {@code model} table's
 * {@code current_version}), the other aliases ({@code model_alias}), the traffic split
 * ({@code model_traffic}) and the deletion of versions.
 */
@Repository
public class VersionStore {

	private final JdbcClient jdbc;

	public VersionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Points the alias {@code production} at a version; {@code pinned} false lets it
	 * follow the newest version from now on.
	 */
	public void setProduction(ModelId id, int version, boolean pinned, Instant at) {
		this.jdbc.sql("""
				UPDATE model SET current_version = :version, production_pinned = :pinned, updated_at = :at
				WHERE id = :id""")
			.param("version", version)
			.param("pinned", pinned)
			.param("at", utc(at))
			.param("id", id.value())
			.update();
	}

	/**
	 * Marks a version deleted, unless production serves it; its row stays as a tombstone
	 * so that its number is never given again. Call with the model's row locked.
	 * @return the deleted version's id (the runtime's key), or empty if there was no such
	 * live version or production serves it
	 */
	public Optional<String> markVersionDeleted(ModelId id, int version, Instant at) {
		Optional<String> versionId = this.jdbc.sql("""
				SELECT v.id FROM model_version v JOIN model m ON m.id = v.model_id
				WHERE v.model_id = :id AND v.version = :version AND v.deleted_at IS NULL
				  AND m.current_version <> v.version""")
			.param("id", id.value())
			.param("version", version)
			.query(String.class)
			.optional();
		versionId.ifPresent((deleted) -> this.jdbc.sql("UPDATE model_version SET deleted_at = :at WHERE id = :id")
			.param("at", utc(at))
			.param("id", deleted)
			.update());
		return versionId;
	}

	/** The model's aliases besides production, by name, and their versions. */
	public Map<String, Integer> aliases(ModelId id) {
		var aliases = new TreeMap<String, Integer>();
		this.jdbc.sql("SELECT alias, version FROM model_alias WHERE model_id = :id")
			.param("id", id.value())
			.query((rs) -> {
				aliases.put(rs.getString(1), rs.getInt(2));
			});
		return aliases;
	}

	/**
	 * Points an alias at a version, creating it if need be. Call with the model's row
	 * locked.
	 * @return the version it pointed to before, or empty if it is new
	 */
	public Optional<Integer> setAlias(ModelId id, String alias, int version, Instant at) {
		Optional<Integer> before = this.jdbc
			.sql("SELECT version FROM model_alias WHERE model_id = :id AND alias = :alias")
			.param("id", id.value())
			.param("alias", alias)
			.query(Integer.class)
			.optional();
		String sql = before.isPresent()
				? "UPDATE model_alias SET version = :version, updated_at = :at WHERE model_id = :id AND alias = :alias"
				: "INSERT INTO model_alias (model_id, alias, version, created_at, updated_at)"
						+ " VALUES (:id, :alias, :version, :at, :at)";
		this.jdbc.sql(sql)
			.param("id", id.value())
			.param("alias", alias)
			.param("version", version)
			.param("at", utc(at))
			.update();
		return before;
	}

	/**
	 * Deletes an alias.
	 * @return the version it pointed to, or empty if there was no such alias
	 */
	public Optional<Integer> deleteAlias(ModelId id, String alias) {
		Optional<Integer> before = this.jdbc
			.sql("SELECT version FROM model_alias WHERE model_id = :id AND alias = :alias")
			.param("id", id.value())
			.param("alias", alias)
			.query(Integer.class)
			.optional();
		before.ifPresent((version) -> this.jdbc.sql("DELETE FROM model_alias WHERE model_id = :id AND alias = :alias")
			.param("id", id.value())
			.param("alias", alias)
			.update());
		return before;
	}

	/** The model's traffic split, or empty while production takes every request. */
	public Optional<Traffic> traffic(ModelId id) {
		return this.jdbc.sql("SELECT * FROM model_traffic WHERE model_id = :id")
			.param("id", id.value())
			.query((rs, row) -> new Traffic(rs.getObject("canary_version", Integer.class), rs.getInt("canary_percent"),
					rs.getObject("shadow_version", Integer.class),
					Traffic.STICKY_API_KEY.equals(rs.getString("sticky")),
					rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
			.optional();
	}

	/** Sets the model's traffic split, replacing any. */
	public void setTraffic(ModelId id, Traffic traffic) {
		deleteTraffic(id);
		this.jdbc.sql("""
				INSERT INTO model_traffic (model_id, canary_version, canary_percent, shadow_version, sticky, updated_at)
				VALUES (:id, :canary, :percent, :shadow, :sticky, :at)""")
			.param("id", id.value())
			.param("canary", traffic.canaryVersion())
			.param("percent", traffic.canaryPercent())
			.param("shadow", traffic.shadowVersion())
			.param("sticky", traffic.sticky() ? Traffic.STICKY_API_KEY : null)
			.param("at", utc(traffic.updatedAt()))
			.update();
	}

	/** Removes the model's traffic split; returns whether it had one. */
	public boolean deleteTraffic(ModelId id) {
		return this.jdbc.sql("DELETE FROM model_traffic WHERE model_id = :id").param("id", id.value()).update() == 1;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
