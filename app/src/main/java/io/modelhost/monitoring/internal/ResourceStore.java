package io.modelhost.monitoring.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.modelhost.monitoring.PlatformSample;
import io.modelhost.monitoring.ResourceSample;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Resource samples in {@code model_resource_sample} and {@code platform_resource_sample}.
 */
@Repository
public class ResourceStore {

	private final JdbcClient jdbc;

	public ResourceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(List<ResourceSample> samples, PlatformSample platform) {
		for (ResourceSample sample : samples) {
			this.jdbc.sql("""
					INSERT INTO model_resource_sample (model_id, sampled_at, cpu_percent, cpu_seconds, heap_bytes,
					    native_bytes, queue_depth, loaded)
					VALUES (:model, :at, :cpuPercent, :cpuSeconds, :heap, :native, :depth, :loaded)""")
				.param("model", sample.modelId())
				.param("at", utc(sample.at()))
				.param("cpuPercent", sample.cpuPercent())
				.param("cpuSeconds", sample.cpuSeconds())
				.param("heap", sample.heapBytes())
				.param("native", sample.nativeBytes())
				.param("depth", sample.queueDepth())
				.param("loaded", sample.loaded())
				.update();
		}
		this.jdbc.sql("""
				INSERT INTO platform_resource_sample (sampled_at, process_cpu_percent, rss_bytes, heap_used_bytes,
				    models_loaded, queue_depth)
				VALUES (:at, :cpu, :rss, :heap, :models, :depth)""")
			.param("at", utc(platform.at()))
			.param("cpu", platform.processCpuPercent(), Types.DOUBLE)
			.param("rss", platform.rssBytes())
			.param("heap", platform.heapUsedBytes())
			.param("models", platform.modelsLoaded())
			.param("depth", platform.queueDepth())
			.update();
	}

	/**
	 * A model's samples in [from, to), oldest first: the newest {@code limit} of them.
	 */
	public List<ResourceSample> find(String modelId, Instant from, Instant to, int limit) {
		return this.jdbc.sql("""
				SELECT * FROM model_resource_sample WHERE model_id = :model AND sampled_at >= :from AND sampled_at < :to
				ORDER BY sampled_at DESC LIMIT :limit""")
			.param("model", modelId)
			.param("from", utc(from))
			.param("to", utc(to))
			.param("limit", limit)
			.query((rs, row) -> sample(rs))
			.list()
			.reversed();
	}

	/** A model's latest sample, if it has one. */
	public Optional<ResourceSample> latest(String modelId) {
		return this.jdbc
			.sql("SELECT * FROM model_resource_sample WHERE model_id = :model ORDER BY sampled_at DESC LIMIT 1")
			.param("model", modelId)
			.query((rs, row) -> sample(rs))
			.optional();
	}

	/**
	 * The platform's samples in [from, to), oldest first: the newest {@code limit} of
	 * them.
	 */
	public List<PlatformSample> findPlatform(Instant from, Instant to, int limit) {
		return this.jdbc.sql("""
				SELECT * FROM platform_resource_sample WHERE sampled_at >= :from AND sampled_at < :to
				ORDER BY sampled_at DESC LIMIT :limit""")
			.param("from", utc(from))
			.param("to", utc(to))
			.param("limit", limit)
			.query((rs, row) -> {
				double cpu = rs.getDouble("process_cpu_percent");
				return new PlatformSample(instant(rs, "sampled_at"), rs.wasNull() ? null : cpu, rs.getLong("rss_bytes"),
						rs.getLong("heap_used_bytes"), rs.getInt("models_loaded"), rs.getInt("queue_depth"));
			})
			.list()
			.reversed();
	}

	/** Deletes samples taken before the cutoff; returns how many. */
	public int deleteBefore(Instant cutoff) {
		int models = this.jdbc.sql("DELETE FROM model_resource_sample WHERE sampled_at < :cutoff")
			.param("cutoff", utc(cutoff))
			.update();
		return models + this.jdbc.sql("DELETE FROM platform_resource_sample WHERE sampled_at < :cutoff")
			.param("cutoff", utc(cutoff))
			.update();
	}

	public void deleteModel(String modelId) {
		this.jdbc.sql("DELETE FROM model_resource_sample WHERE model_id = :model").param("model", modelId).update();
	}

	private static ResourceSample sample(ResultSet rs) throws SQLException {
		return new ResourceSample(rs.getString("model_id"), instant(rs, "sampled_at"), rs.getDouble("cpu_percent"),
				rs.getDouble("cpu_seconds"), rs.getLong("heap_bytes"), rs.getLong("native_bytes"),
				rs.getInt("queue_depth"), rs.getBoolean("loaded"));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
