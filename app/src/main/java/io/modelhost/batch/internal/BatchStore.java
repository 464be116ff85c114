package io.modelhost.batch.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.modelhost.accounts.UserId;
import io.modelhost.batch.RowFailure;
import io.modelhost.jobs.JobId;
import io.modelhost.registry.ModelId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code batch_prediction} table: one row per batch job with its counts and first
 * refused rows. Access control is the façade's.
 */
@Repository
public class BatchStore {

	/** Its own mapper: the API's JSON settings never change what is stored. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	BatchStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(JobId job, UserId owner, BatchParameters parameters, Instant createdAt) {
		this.jdbc.sql("""
				INSERT INTO batch_prediction (job_id, user_id, model_id, model_version, dataset_id, rows_total,
				    rows_done, rows_ok, rows_failed, failures, result_deleted, created_at)
				VALUES (:job, :user, :model, :version, :dataset, :total, 0, 0, 0, '[]', FALSE, :createdAt)""")
			.param("job", job.value())
			.param("user", owner.value())
			.param("model", parameters.modelId().value())
			.param("version", parameters.modelVersion())
			.param("dataset", parameters.datasetId().value())
			.param("total", parameters.rowsTotal())
			.param("createdAt", createdAt.atOffset(ZoneOffset.UTC))
			.update();
	}

	void progress(JobId job, Counts counts) {
		ArrayNode failures = JsonNodeFactory.instance.arrayNode();
		counts.failures().forEach((f) -> failures.addObject().put("row", f.row()).put("reason", f.reason()));
		this.jdbc.sql("""
				UPDATE batch_prediction SET rows_done = :done, rows_ok = :ok, rows_failed = :failed,
				    failures = :failures WHERE job_id = :job""")
			.param("done", counts.ok() + counts.failed())
			.param("ok", counts.ok())
			.param("failed", counts.failed())
			.param("failures", JSON.writeValueAsString(failures))
			.param("job", job.value())
			.update();
	}

	void expiresAt(JobId job, Instant at) {
		this.jdbc.sql("UPDATE batch_prediction SET result_expires_at = :at WHERE job_id = :job")
			.param("at", at.atOffset(ZoneOffset.UTC))
			.param("job", job.value())
			.update();
	}

	/** Results whose time is up, not yet deleted. */
	List<Expired> expired(Instant now) {
		return this.jdbc
			.sql("SELECT job_id, model_id FROM batch_prediction WHERE result_expires_at < :now "
					+ "AND result_deleted = FALSE")
			.param("now", now.atOffset(ZoneOffset.UTC))
			.query((rs, row) -> new Expired(new JobId(rs.getString("job_id")), new ModelId(rs.getString("model_id"))))
			.list();
	}

	void resultDeleted(JobId job) {
		this.jdbc.sql("UPDATE batch_prediction SET result_deleted = TRUE WHERE job_id = :job")
			.param("job", job.value())
			.update();
	}

	/** The batch row of one of the user's jobs. */
	public Optional<Stored> find(UserId owner, JobId job) {
		return this.jdbc.sql("SELECT * FROM batch_prediction WHERE job_id = :job AND user_id = :user")
			.param("job", job.value())
			.param("user", owner.value())
			.query((rs, row) -> new Stored(new JobId(rs.getString("job_id")), rs.getString("model_id"),
					rs.getInt("model_version"), rs.getString("dataset_id"), rs.getLong("rows_total"),
					rs.getLong("rows_done"), rs.getLong("rows_ok"), rs.getLong("rows_failed"),
					failures(rs.getString("failures")),
					instant(rs.getObject("result_expires_at", OffsetDateTime.class)), rs.getBoolean("result_deleted")))
			.optional();
	}

	/** The user's batch jobs of a model, newest first: one page of ids and the total. */
	public Page list(UserId owner, ModelId model, int page, int size) {
		List<JobId> ids = this.jdbc
			.sql("SELECT job_id FROM batch_prediction WHERE model_id = :model AND user_id = :user "
					+ "ORDER BY created_at DESC, job_id LIMIT :size OFFSET :offset")
			.param("model", model.value())
			.param("user", owner.value())
			.param("size", size)
			.param("offset", (long) page * size)
			.query((rs, row) -> new JobId(rs.getString("job_id")))
			.list();
		long total = this.jdbc.sql("SELECT COUNT(*) FROM batch_prediction WHERE model_id = :model AND user_id = :user")
			.param("model", model.value())
			.param("user", owner.value())
			.query(Long.class)
			.single();
		return new Page(ids, total);
	}

	private static List<RowFailure> failures(String json) {
		var failures = new ArrayList<RowFailure>();
		for (JsonNode node : JSON.readTree(json)) {
			failures.add(new RowFailure(node.path("row").asLong(), node.path("reason").asString()));
		}
		return failures;
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
		return (at != null) ? at.toInstant() : null;
	}

	/** A job's counts so far. */
	record Counts(long ok, long failed, List<RowFailure> failures) {

	}

	record Expired(JobId job, ModelId model) {

	}

	/** A stored batch row. */
	public record Stored(JobId job, String modelId, int modelVersion, String datasetId, long rowsTotal, long rowsDone,
			long rowsOk, long rowsFailed, List<RowFailure> failures, @Nullable Instant resultExpiresAt,
			boolean resultDeleted) {

	}

	/** A page of job ids. */
	public record Page(List<JobId> jobs, long total) {

	}

}
