package io.modelhost.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.modelhost.accounts.UserId;
import io.modelhost.engine.ModelFormat;
import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelPage;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelStatus;
import io.modelhost.registry.ModelVersion;
import io.modelhost.runtime.ModelRuntime;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Models and their versions in the {@code model} and {@code model_version} tables. */
@Repository
public class ModelStore {

	private static final String FROM = " FROM model m JOIN model_version v"
			+ " ON v.model_id = m.id AND v.version = m.current_version";

	private static final String SELECT = """
			SELECT m.*, v.id AS version_id, v.version, v.format, v.engine, v.served_file, v.original_filename,
			       v.size_bytes, v.sha256, v.signature_json, v.example_request, v.example_response, v.notes,
			       v.created_at AS version_created_at, v.heap_bytes, v.native_bytes""" + FROM;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ModelRuntime runtime;

	public ModelStore(JdbcClient jdbc, JsonMapper json, ModelRuntime runtime) {
		this.jdbc = jdbc;
		this.json = json;
		this.runtime = runtime;
	}

	/**
	 * Inserts a new model with its first version and the memory it was measured to hold.
	 */
	public void insert(Model model, String servedFile, long heapBytes, long nativeBytes) {
		this.jdbc.sql("""
				INSERT INTO model (id, owner_id, name, description, status, current_version, created_at, updated_at)
				VALUES (:id, :owner, :name, :description, :status, :version, :createdAt, :updatedAt)""")
			.param("id", model.id().value())
			.param("owner", model.owner().value())
			.param("name", model.name())
			.param("description", model.description())
			.param("status", model.status().name())
			.param("version", model.version().number())
			.param("createdAt", utc(model.createdAt()))
			.param("updatedAt", utc(model.updatedAt()))
			.update();
		ModelVersion version = model.version();
		this.jdbc.sql("""
				INSERT INTO model_version (id, model_id, version, format, engine, served_file, original_filename,
				    size_bytes, sha256, signature_json, example_request, example_response, notes, created_at,
				    heap_bytes, native_bytes)
				VALUES (:id, :model, :version, :format, :engine, :servedFile, :filename, :size, :sha256, :signature,
				    :exampleRequest, :exampleResponse, :notes, :createdAt, :heap, :native)""")
			.param("heap", heapBytes)
			.param("native", nativeBytes)
			.param("id", version.id())
			.param("model", model.id().value())
			.param("version", version.number())
			.param("format", version.format().id())
			.param("engine", version.engine())
			.param("servedFile", servedFile)
			.param("filename", version.filename())
			.param("size", version.sizeBytes())
			.param("sha256", version.sha256())
			.param("signature", SignatureDocument.toJson(version.signature()).toString())
			.param("exampleRequest", version.exampleRequest().toString())
			.param("exampleResponse", version.exampleResponse().toString())
			.param("notes", String.join("\n", version.notes()))
			.param("createdAt", utc(version.createdAt()))
			.update();
	}

	/** The owner's model with this id. */
	public Optional<StoredModel> find(UserId owner, ModelId id) {
		return this.jdbc.sql(SELECT + " WHERE m.id = :id AND m.owner_id = :owner")
			.param("id", id.value())
			.param("owner", owner.value())
			.query((rs, row) -> stored(rs))
			.optional();
	}

	public ModelPage list(UserId owner, ModelQuery query) {
		var where = new StringBuilder(" WHERE m.owner_id = :owner");
		var names = new ArrayList<String>(List.of("owner"));
		var values = new ArrayList<Object>(List.of(owner.value()));
		if (query.name() != null && !query.name().isBlank()) {
			where.append(" AND LOWER(m.name) LIKE :name ESCAPE '\\'");
			names.add("name");
			values.add("%" + likeEscaped(query.name().strip().toLowerCase(Locale.ROOT)) + "%");
		}
		if (query.status() != null) {
			where.append(" AND m.status = :status");
			names.add("status");
			values.add(query.status().name());
		}
		if (query.format() != null && !query.format().isBlank()) {
			where.append(" AND v.format = :format");
			names.add("format");
			values.add(query.format());
		}
		String order = switch (query.sort()) {
			case CREATED_AT -> "m.created_at";
			case UPDATED_AT -> "m.updated_at";
			case NAME -> "LOWER(m.name)";
		} + (query.descending() ? " DESC" : " ASC") + ", m.id";
		JdbcClient.StatementSpec count = this.jdbc.sql("SELECT COUNT(*)" + FROM + where);
		JdbcClient.StatementSpec page = this.jdbc
			.sql(SELECT + where + " ORDER BY " + order + " LIMIT :limit OFFSET :offset")
			.param("limit", query.size())
			.param("offset", (long) query.page() * query.size());
		for (int i = 0; i < names.size(); i++) {
			count = count.param(names.get(i), values.get(i));
			page = page.param(names.get(i), values.get(i));
		}
		long total = count.query(Long.class).single();
		List<Model> models = page.query((rs, row) -> stored(rs).model()).list();
		return new ModelPage(models, query.page(), query.size(), total);
	}

	/** Changes name and description; returns whether the owner's model was found. */
	public boolean updateMetadata(UserId owner, ModelId id, String name, String description, Instant at) {
		return this.jdbc.sql("""
				UPDATE model SET name = :name, description = :description, updated_at = :at
				WHERE id = :id AND owner_id = :owner""")
			.param("name", name)
			.param("description", description)
			.param("at", utc(at))
			.param("id", id.value())
			.param("owner", owner.value())
			.update() == 1;
	}

	/**
	 * Deletes a model and (by the foreign key's cascade) its versions; returns whether
	 * the owner's model was found.
	 */
	public boolean delete(UserId owner, ModelId id) {
		return this.jdbc.sql("DELETE FROM model WHERE id = :id AND owner_id = :owner")
			.param("id", id.value())
			.param("owner", owner.value())
			.update() == 1;
	}

	/** The owner's newest model with this exact name. */
	public Optional<ModelId> findIdByName(UserId owner, String name) {
		return this.jdbc.sql("""
				SELECT id FROM model WHERE owner_id = :owner AND name = :name
				ORDER BY created_at DESC, id FETCH FIRST 1 ROWS ONLY""")
			.param("owner", owner.value())
			.param("name", name)
			.query((rs, row) -> new ModelId(rs.getString(1)))
			.optional();
	}

	/** Records what a version held when it was last loaded. */
	public void updateFootprint(String versionId, long heapBytes, long nativeBytes) {
		this.jdbc.sql("UPDATE model_version SET heap_bytes = :heap, native_bytes = :native WHERE id = :id")
			.param("heap", heapBytes)
			.param("native", nativeBytes)
			.param("id", versionId)
			.update();
	}

	private StoredModel stored(ResultSet rs) throws SQLException {
		var version = new ModelVersion(rs.getString("version_id"), rs.getInt("version"), format(rs.getString("format")),
				rs.getString("engine"), rs.getString("original_filename"), rs.getLong("size_bytes"),
				rs.getString("sha256"), SignatureDocument.fromJson(this.json.readTree(rs.getString("signature_json"))),
				this.json.readTree(rs.getString("example_request")),
				this.json.readTree(rs.getString("example_response")), notes(rs.getString("notes")),
				instant(rs, "version_created_at"));
		var model = new Model(new ModelId(rs.getString("id")), new UserId(rs.getString("owner_id")),
				rs.getString("name"), rs.getString("description"), ModelStatus.valueOf(rs.getString("status")), version,
				instant(rs, "created_at"), instant(rs, "updated_at"));
		long expected = rs.getLong("heap_bytes") + Math.max(0, rs.getLong("native_bytes"));
		return new StoredModel(model, rs.getString("served_file"), expected);
	}

	private ModelFormat format(String id) {
		return this.runtime.formats()
			.stream()
			.filter((format) -> format.id().equals(id))
			.findFirst()
			.orElseGet(() -> new ModelFormat(id, id));
	}

	private static List<String> notes(String notes) {
		return notes.isEmpty() ? List.of() : Arrays.asList(notes.split("\n"));
	}

	private static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	/**
	 * A model with where its served file lies within its version directory.
	 *
	 * @param model the model
	 * @param servedFile the name of the file its engine loads
	 * @param expectedBytes the memory it held when last loaded
	 */
	public record StoredModel(Model model, String servedFile, long expectedBytes) {

	}

}
