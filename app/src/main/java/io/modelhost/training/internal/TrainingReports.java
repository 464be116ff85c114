package io.modelhost.training.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.modelhost.jobs.JobId;
import io.modelhost.registry.ModelId;
import io.modelhost.training.TrainingReport;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Training reports in the {@code training_report} table, one per model version a training
 * registered; they go with their model (foreign key). Access control is the façade's.
 */
@Repository
public class TrainingReports {

	/** Its own mapper: the API's JSON settings never change what is stored. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	public TrainingReports(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(TrainingReport report, String datasetId) {
		this.jdbc.sql("""
				INSERT INTO training_report (model_id, version, job_id, dataset_id, report, created_at)
				VALUES (:model, :version, :job, :dataset, :report, :createdAt)""")
			.param("model", report.modelId().value())
			.param("version", report.version())
			.param("job", report.jobId().value())
			.param("dataset", datasetId)
			.param("report", JSON.writeValueAsString(report.details()))
			.param("createdAt", report.createdAt().atOffset(ZoneOffset.UTC))
			.update();
	}

	/** The report of one version of a model, if a training registered it. */
	public Optional<TrainingReport> find(ModelId model, int version) {
		return this.jdbc
			.sql("SELECT model_id, version, job_id, report, created_at FROM training_report "
					+ "WHERE model_id = :model AND version = :version")
			.param("model", model.value())
			.param("version", version)
			.query((rs, row) -> new TrainingReport(new ModelId(rs.getString("model_id")), rs.getInt("version"),
					new JobId(rs.getString("job_id")), JSON.readTree(rs.getString("report")),
					rs.getObject("created_at", OffsetDateTime.class).toInstant()))
			.optional();
	}

}
