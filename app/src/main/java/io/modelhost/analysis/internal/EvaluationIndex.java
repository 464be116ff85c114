package io.modelhost.analysis.internal;

import java.time.ZoneOffset;
import java.util.List;

import io.modelhost.accounts.UserId;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobId;
import io.modelhost.registry.ModelId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which evaluation jobs scored which model, in the {@code model_evaluation} table: a row
 * goes with its job and with its model (foreign keys). Access control is the façade's.
 */
@Repository
public class EvaluationIndex {

	private final JdbcClient jdbc;

	EvaluationIndex(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Job job, ModelId model) {
		this.jdbc
			.sql("INSERT INTO model_evaluation (job_id, model_id, user_id, created_at) "
					+ "VALUES (:job, :model, :user, :createdAt)")
			.param("job", job.id().value())
			.param("model", model.value())
			.param("user", job.owner().value())
			.param("createdAt", job.createdAt().atOffset(ZoneOffset.UTC))
			.update();
	}

	/** One page of the user's evaluations of the model, newest first. */
	public List<JobId> list(UserId user, ModelId model, int page, int size) {
		return this.jdbc
			.sql("SELECT job_id FROM model_evaluation WHERE model_id = :model AND user_id = :user "
					+ "ORDER BY created_at DESC, job_id LIMIT :size OFFSET :offset")
			.param("model", model.value())
			.param("user", user.value())
			.param("size", size)
			.param("offset", (long) page * size)
			.query((rs, row) -> new JobId(rs.getString("job_id")))
			.list();
	}

	/** How many evaluations of the model the user has. */
	public long count(UserId user, ModelId model) {
		return this.jdbc.sql("SELECT COUNT(*) FROM model_evaluation WHERE model_id = :model AND user_id = :user")
			.param("model", model.value())
			.param("user", user.value())
			.query(Long.class)
			.single();
	}

}
