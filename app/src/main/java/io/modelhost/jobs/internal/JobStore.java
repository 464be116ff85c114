package io.modelhost.jobs.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.modelhost.accounts.UserId;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobEvent;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobKind;
import io.modelhost.jobs.JobPage;
import io.modelhost.jobs.JobQuery;
import io.modelhost.jobs.JobStatus;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs and their event logs, in the database. Every change of status is conditional on
 * the status it leaves, so that a queued job is started or cancelled once, and a running
 * job is finished once, by the node that runs it; a final status and its final event are
 * written in one transaction.
 */
@Repository
public class JobStore {

	private static final String COLUMNS = "id, user_id, kind, status, progress, stage, parameters, result, error, "
			+ "cancel_requested, created_at, started_at, finished_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	public JobStore(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.transactions = transactions;
	}

	public void insert(Job job) {
		this.jdbc.sql("""
				INSERT INTO job (id, user_id, kind, status, progress, parameters, cancel_requested, created_at)
				VALUES (:id, :user, :kind, :status, 0, :parameters, FALSE, :at)""")
			.param("id", job.id().value())
			.param("user", job.owner().value())
			.param("kind", job.kind().name())
			.param("status", job.status().label())
			.param("parameters", this.json.writeValueAsString(job.parameters()))
			.param("at", utc(job.createdAt()))
			.update();
	}

	public Optional<Job> find(JobId id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE id = :id")
			.param("id", id.value())
			.query((rs, row) -> job(rs))
			.optional();
	}

	public Optional<Job> find(UserId owner, JobId id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE id = :id AND user_id = :user")
			.param("id", id.value())
			.param("user", owner.value())
			.query((rs, row) -> job(rs))
			.optional();
	}

	public JobPage list(UserId owner, JobQuery query) {
		StringBuilder where = new StringBuilder(" FROM job WHERE user_id = :user");
		if (query.kind() != null) {
			where.append(" AND kind = :kind");
		}
		if (query.status() != null) {
			where.append(" AND status = :status");
		}
		JdbcClient.StatementSpec count = this.jdbc.sql("SELECT COUNT(*)" + where);
		JdbcClient.StatementSpec select = this.jdbc
			.sql("SELECT " + COLUMNS + where + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
		for (JdbcClient.StatementSpec spec : List.of(count, select)) {
			spec.param("user", owner.value());
			if (query.kind() != null) {
				spec.param("kind", query.kind().name());
			}
			if (query.status() != null) {
				spec.param("status", query.status().label());
			}
		}
		long total = count.query(Long.class).single();
		List<Job> jobs = select.param("limit", query.size())
			.param("offset", (long) query.page() * query.size())
			.query((rs, row) -> job(rs))
			.list();
		return new JobPage(jobs, query.page(), query.size(), total);
	}

	/** The owner's queued and running jobs. */
	public long unfinished(UserId owner) {
		return this.jdbc.sql("SELECT COUNT(*) FROM job WHERE user_id = :user AND status IN ('queued', 'running')")
			.param("user", owner.value())
			.query(Long.class)
			.single();
	}

	/** The queued jobs of a kind, oldest first: for re-queueing their executions. */
	public List<JobId> queued(JobKind kind, int limit) {
		return this.jdbc
			.sql("SELECT id FROM job WHERE kind = :kind AND status = 'queued' ORDER BY created_at LIMIT :limit")
			.param("kind", kind.name())
			.param("limit", limit)
			.query((rs, row) -> new JobId(rs.getString("id")))
			.list();
	}

	/** The jobs a node was running. */
	public List<JobId> runningOn(String node) {
		return this.jdbc.sql("SELECT id FROM job WHERE status = 'running' AND node = :node")
			.param("node", node)
			.query((rs, row) -> new JobId(rs.getString("id")))
			.list();
	}

	/** Queued → running on this node; false if it is no longer queued. */
	public boolean start(JobId id, String node, Instant at) {
		return this.jdbc.sql("""
				UPDATE job SET status = 'running', node = :node, started_at = :at
				WHERE id = :id AND status = 'queued'""")
			.param("node", node)
			.param("at", utc(at))
			.param("id", id.value())
			.update() == 1;
	}

	/** Marks a running job to be cancelled by whichever node runs it. */
	public boolean requestCancel(JobId id) {
		return this.jdbc.sql("UPDATE job SET cancel_requested = TRUE WHERE id = :id AND status = 'running'")
			.param("id", id.value())
			.update() == 1;
	}

	/**
	 * Where the jobs a node runs stand: whether each is still running there and whether
	 * its cancel was asked for.
	 */
	public List<Standing> standings(Collection<JobId> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT id, status, node, cancel_requested FROM job WHERE id IN (:ids)")
			.param("ids", ids.stream().map(JobId::value).toList())
			.query((rs, row) -> new Standing(new JobId(rs.getString("id")),
					JobStatus.of(rs.getString("status")).orElseThrow(), rs.getString("node"),
					rs.getBoolean("cancel_requested")))
			.list();
	}

	/** Progress and stage of a running job, and their event. */
	public void progress(JobId id, double progress, @Nullable String stage, JsonNode data, Instant at) {
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.sql("UPDATE job SET progress = :progress, stage = :stage WHERE id = :id")
				.param("progress", progress)
				.param("stage", stage)
				.param("id", id.value())
				.update();
			append(id, JobEvent.PROGRESS, data, at);
		});
	}

	/** Appends an event to a job's log, numbered after its last. */
	public void append(JobId id, String name, JsonNode data, Instant at) {
		this.jdbc.sql("""
				INSERT INTO job_event (job_id, seq, name, data, at)
				SELECT :id, COALESCE(MAX(seq), 0) + 1, :name, :data, :at FROM job_event WHERE job_id = :id""")
			.param("id", id.value())
			.param("name", name)
			.param("data", this.json.writeValueAsString(data))
			.param("at", utc(at))
			.update();
	}

	/** The number of a job's last event, 0 if it has none. */
	public long lastSequence(JobId id) {
		return this.jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM job_event WHERE job_id = :id")
			.param("id", id.value())
			.query(Long.class)
			.single();
	}

	/** A job's events after a number, in order. */
	public List<JobEvent> events(JobId id, long after) {
		return this.jdbc
			.sql("SELECT seq, name, data, at FROM job_event WHERE job_id = :id AND seq > :after "
					+ "ORDER BY seq LIMIT 1000")
			.param("id", id.value())
			.param("after", after)
			.query((rs, row) -> new JobEvent(rs.getLong("seq"), rs.getString("name"),
					this.json.readTree(rs.getString("data")), instant(rs, "at")))
			.list();
	}

	/**
	 * Queued → cancelled, with its final event; false if it is no longer queued.
	 */
	public boolean cancelQueued(JobId id, JsonNode data, Instant at) {
		Boolean cancelled = this.transactions.execute((tx) -> {
			boolean changed = this.jdbc.sql("""
					UPDATE job SET status = 'cancelled', finished_at = :at WHERE id = :id AND status = 'queued'""")
				.param("at", utc(at))
				.param("id", id.value())
				.update() == 1;
			if (changed) {
				append(id, JobEvent.CANCELLED, data, at);
			}
			return changed;
		});
		return Boolean.TRUE.equals(cancelled);
	}

	/**
	 * Running on a node → a final status, with its final event; false if the job is no
	 * longer running there (another node took it for lost, or it was deleted).
	 */
	public boolean finish(JobId id, String node, JobStatus status, @Nullable JsonNode result, @Nullable String error,
			String event, JsonNode data, Instant at) {
		Boolean finished = this.transactions.execute((tx) -> {
			boolean changed = this.jdbc
				.sql("UPDATE job SET status = :status, result = :result, error = :error, " + "finished_at = :at"
						+ ((status == JobStatus.SUCCEEDED) ? ", progress = 1" : "")
						+ " WHERE id = :id AND status = 'running' AND node = :node")
				.param("status", status.label())
				.param("result", (result != null) ? this.json.writeValueAsString(result) : null)
				.param("error", error)
				.param("at", utc(at))
				.param("id", id.value())
				.param("node", node)
				.update() == 1;
			if (changed) {
				append(id, event, data, at);
			}
			return changed;
		});
		return Boolean.TRUE.equals(finished);
	}

	private Job job(ResultSet rs) throws SQLException {
		String result = rs.getString("result");
		return new Job(new JobId(rs.getString("id")), new UserId(rs.getString("user_id")),
				new JobKind(rs.getString("kind")), JobStatus.of(rs.getString("status")).orElseThrow(),
				rs.getDouble("progress"), rs.getString("stage"), this.json.readTree(rs.getString("parameters")),
				(result != null) ? this.json.readTree(result) : null, rs.getString("error"),
				rs.getBoolean("cancel_requested"), instant(rs, "created_at"), nullableInstant(rs, "started_at"),
				nullableInstant(rs, "finished_at"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * Where a running job stands.
	 *
	 * @param id the job
	 * @param status its status
	 * @param node the node it runs on, if it started
	 * @param cancelRequested whether its owner asked to cancel it
	 */
	public record Standing(JobId id, JobStatus status, @Nullable String node, boolean cancelRequested) {

	}

}
