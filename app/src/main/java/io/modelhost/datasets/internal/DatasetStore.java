package io.modelhost.datasets.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.modelhost.accounts.Holdings;
import io.modelhost.accounts.UserId;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetKind;
import io.modelhost.datasets.DatasetPage;
import io.modelhost.datasets.DatasetProfile;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.TabularProfile;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Datasets in the {@code dataset} table. Access control is the façade's: this store finds
 * by id.
 */
@Repository
public class DatasetStore {

	/**
	 * The profile's storage format: its own mapper, so that the API's JSON settings
	 * (naming, inclusion) never change what is stored.
	 */
	private static final JsonMapper PROFILES = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	public DatasetStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Dataset dataset) {
		this.jdbc.sql("""
				INSERT INTO dataset (id, owner_id, name, description, kind, original_filename, size_bytes, sha256,
				    profile, created_at)
				VALUES (:id, :owner, :name, :description, :kind, :filename, :size, :sha256, :profile, :createdAt)""")
			.param("id", dataset.id().value())
			.param("owner", dataset.owner().value())
			.param("name", dataset.name())
			.param("description", dataset.description())
			.param("kind", dataset.kind().id())
			.param("filename", dataset.filename())
			.param("size", dataset.sizeBytes())
			.param("sha256", dataset.sha256())
			.param("profile", PROFILES.writeValueAsString(dataset.profile()))
			.param("createdAt", dataset.createdAt().atOffset(ZoneOffset.UTC))
			.update();
	}

	public Optional<Dataset> find(DatasetId id) {
		return this.jdbc.sql("SELECT * FROM dataset WHERE id = :id")
			.param("id", id.value())
			.query((rs, row) -> dataset(rs))
			.optional();
	}

	/**
	 * One page of a user's datasets, or everyone's when the owner is null, newest first.
	 */
	/** The bytes of the owner's datasets, as uploaded. */
	public Holdings holdings(UserId owner) {
		long bytes = this.jdbc.sql("SELECT COALESCE(SUM(size_bytes), 0) FROM dataset WHERE owner_id = :owner")
			.param("owner", owner.value())
			.query(Long.class)
			.single();
		return new Holdings(0, bytes);
	}

	public DatasetPage list(@Nullable UserId owner, int page, int size) {
		String where = (owner != null) ? " WHERE owner_id = :owner" : "";
		JdbcClient.StatementSpec count = this.jdbc.sql("SELECT COUNT(*) FROM dataset" + where);
		JdbcClient.StatementSpec select = this.jdbc
			.sql("SELECT * FROM dataset" + where + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
			.param("limit", size)
			.param("offset", (long) page * size);
		if (owner != null) {
			count = count.param("owner", owner.value());
			select = select.param("owner", owner.value());
		}
		long total = count.query(Long.class).single();
		List<Dataset> datasets = select.query((rs, row) -> dataset(rs)).list();
		return new DatasetPage(datasets, page, size, total);
	}

	/** The ids of a user's datasets. */
	public List<DatasetId> idsOwnedBy(UserId owner) {
		return this.jdbc.sql("SELECT id FROM dataset WHERE owner_id = :owner")
			.param("owner", owner.value())
			.query((rs, row) -> new DatasetId(rs.getString("id")))
			.list();
	}

	/** Deletes a dataset's row; whether there was one. */
	public boolean delete(DatasetId id) {
		return this.jdbc.sql("DELETE FROM dataset WHERE id = :id").param("id", id.value()).update() == 1;
	}

	private static Dataset dataset(ResultSet rs) throws SQLException {
		String profile = rs.getString("profile");
		DatasetProfile parsed = switch (DatasetKind.of(rs.getString("kind"))) {
			case TABULAR -> PROFILES.readValue(profile, TabularProfile.class);
			case IMAGES -> PROFILES.readValue(profile, ImageProfile.class);
		};
		Instant createdAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
		return new Dataset(new DatasetId(rs.getString("id")), new UserId(rs.getString("owner_id")),
				rs.getString("name"), rs.getString("description"), rs.getString("original_filename"),
				rs.getLong("size_bytes"), rs.getString("sha256"), parsed, createdAt);
	}

}
