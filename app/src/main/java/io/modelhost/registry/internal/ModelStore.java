package io.modelhost.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.modelhost.accounts.Holdings;
import io.modelhost.accounts.UserId;
import io.modelhost.engine.ModelFormat;
import io.modelhost.protocol.ImageInput;
import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.Incompatibility;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelPage;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelStatus;
import io.modelhost.registry.ModelVersion;
import io.modelhost.registry.Permission;
import io.modelhost.runtime.ModelRuntime;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Models, their versions and shares in the {@code model}, {@code model_version} and
 * {@code model_share} tables. Access control is the registry's: this store finds by id.
 */
@Repository
public class ModelStore {

	private static final String VERSION_COLUMNS = """
			v.id AS version_id, v.version, v.format, v.engine, v.served_file, v.original_filename, v.size_bytes,
			v.sha256, v.signature_json, v.example_request, v.example_response, v.notes,
			v.created_at AS version_created_at, v.heap_bytes, v.native_bytes, v.image_input, v.served_sha256,
			v.failure_reason, v.incompatibility, v.description AS version_description""";

	private static final String FROM = " FROM model m JOIN model_version v"
			+ " ON v.model_id = m.id AND v.version = m.current_version";

	private static final String SELECT = "SELECT m.*, " + VERSION_COLUMNS
			+ ", (SELECT MAX(l.version) FROM model_version l WHERE l.model_id = m.id AND l.deleted_at IS NULL) AS latest_version"
			+ FROM;

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
	public void insert(Model model, String servedFile, String servedSha256, long heapBytes, long nativeBytes) {
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
		insertVersion(model.id(), model.version(), servedFile, servedSha256, heapBytes, nativeBytes);
	}

	/**
	 * Inserts a version of an existing model, with its served file's name and SHA-256.
	 */
	public void insertVersion(ModelId model, ModelVersion version, String servedFile, String servedSha256,
			long heapBytes, long nativeBytes) {
		this.jdbc.sql("""
				INSERT INTO model_version (id, model_id, version, format, engine, served_file, original_filename,
				    size_bytes, sha256, signature_json, example_request, example_response, notes, created_at,
				    heap_bytes, native_bytes, image_input, served_sha256, incompatibility, description)
				VALUES (:id, :model, :version, :format, :engine, :servedFile, :filename, :size, :sha256, :signature,
				    :exampleRequest, :exampleResponse, :notes, :createdAt, :heap, :native, :imageInput, :servedSha256,
				    :incompatibility, :description)""")
			.param("description", version.description())
			.param("incompatibility", incompatibility(version.incompatibility()))
			.param("servedSha256", servedSha256)
			.param("heap", heapBytes)
			.param("native", nativeBytes)
			.param("id", version.id())
			.param("model", model.value())
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
			.param("imageInput", imageInput(version.imageInput()))
			.update();
	}

	/**
	 * Sets or (with null) removes how a version takes pictures; returns whether the
	 * version exists.
	 */
	public boolean updateImageInput(ModelId model, int version, @Nullable ImageInput imageInput) {
		return this.jdbc
			.sql("UPDATE model_version SET image_input = :imageInput WHERE model_id = :model"
					+ " AND version = :version")
			.param("imageInput", imageInput(imageInput))
			.param("model", model.value())
			.param("version", version)
			.update() == 1;
	}

	/**
	 * Records that a version's stored file failed its integrity check; returns whether
	 * this call recorded it (false if it was already failed or is gone), so that what
	 * follows a failure happens once.
	 */
	public boolean markFailed(String versionId, String reason) {
		return this.jdbc
			.sql("UPDATE model_version SET failure_reason = :reason WHERE id = :id AND failure_reason IS NULL")
			.param("reason", (reason.length() > 500) ? reason.substring(0, 500) : reason)
			.param("id", versionId)
			.update() == 1;
	}

	private static @Nullable String imageInput(@Nullable ImageInput imageInput) {
		return (imageInput != null) ? imageInput.toJson().toString() : null;
	}

	/**
	 * Locks a live model's row for the rest of the transaction and returns the number its
	 * next version gets, or empty if there is no such live model.
	 */
	public Optional<Integer> lockForNewVersion(ModelId id) {
		return this.jdbc.sql("SELECT id FROM model WHERE id = :id AND archived_at IS NULL FOR UPDATE")
			.param("id", id.value())
			.query(String.class)
			.optional()
			.map((locked) -> this.jdbc.sql("SELECT MAX(version) FROM model_version WHERE model_id = :id")
				.param("id", id.value())
				.query(Integer.class)
				.single() + 1);
	}

	/** The model with this id, live or archived. */
	public Optional<StoredModel> find(ModelId id) {
		return this.jdbc.sql(SELECT + " WHERE m.id = :id")
			.param("id", id.value())
			.query((rs, row) -> stored(rs))
			.optional();
	}

	/** A version of the model, with where its file lies. */
	public Optional<StoredVersion> findVersion(ModelId id, int version) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS + " FROM model_version v WHERE v.model_id = :id"
					+ " AND v.version = :version AND v.deleted_at IS NULL")
			.param("id", id.value())
			.param("version", version)
			.query((rs, row) -> storedVersion(rs))
			.optional();
	}

	/** Every model's id, archived ones too, oldest first. */
	public List<ModelId> allIds() {
		return this.jdbc.sql("SELECT id FROM model ORDER BY created_at")
			.query((rs, row) -> new ModelId(rs.getString("id")))
			.list();
	}

	/** The model's versions, newest first. */
	public List<ModelVersion> versions(ModelId id) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS + " FROM model_version v WHERE v.model_id = :id"
					+ " AND v.deleted_at IS NULL ORDER BY v.version DESC")
			.param("id", id.value())
			.query((rs, row) -> version(rs))
			.list();
	}

	/** The ids of the model's versions (the runtime's keys). */
	public List<String> versionIds(ModelId id) {
		return this.jdbc.sql("SELECT id FROM model_version WHERE model_id = :id")
			.param("id", id.value())
			.query(String.class)
			.list();
	}

	/** One page of a user's own models. */
	public ModelPage list(UserId owner, ModelQuery query) {
		var filter = new Filter(" WHERE m.owner_id = :owner");
		filter.add("owner", owner.value());
		return page(filter, query);
	}

	/** One page of everyone's models, or one user's, for administrators. */
	public ModelPage listAll(@Nullable UserId owner, ModelQuery query) {
		var filter = new Filter(" WHERE 1 = 1");
		if (owner != null) {
			filter.where.append(" AND m.owner_id = :owner");
			filter.add("owner", owner.value());
		}
		return page(filter, query);
	}

	/** One page of the live models shared with a user. */
	public ModelPage listSharedWith(UserId user, ModelQuery query) {
		var filter = new Filter(" WHERE m.id IN (SELECT s.model_id FROM model_share s WHERE s.user_id = :user)");
		filter.add("user", user.value());
		return page(filter, query);
	}

	/** Every live model a user owns or that is shared with them, by name. */
	public List<Model> visibleTo(UserId user) {
		return this.jdbc
			.sql(SELECT + " WHERE m.archived_at IS NULL AND (m.owner_id = :user"
					+ " OR m.id IN (SELECT s.model_id FROM model_share s WHERE s.user_id = :user))"
					+ " ORDER BY LOWER(m.name), m.id")
			.param("user", user.value())
			.query((rs, row) -> stored(rs).model())
			.list();
	}

	private ModelPage page(Filter filter, ModelQuery query) {
		filter.where.append(query.archived() ? " AND m.archived_at IS NOT NULL" : " AND m.archived_at IS NULL");
		if (query.name() != null && !query.name().isBlank()) {
			filter.where.append(" AND LOWER(m.name) LIKE :name ESCAPE '\\'");
			filter.add("name", "%" + likeEscaped(query.name().strip().toLowerCase(Locale.ROOT)) + "%");
		}
		if (query.status() != null) {
			// failed is the platform's verdict on the served version, not a stored status
			switch (query.status()) {
				case FAILED -> filter.where.append(" AND m.status = 'ACTIVE' AND v.failure_reason IS NOT NULL");
				case ACTIVE -> filter.where.append(" AND m.status = 'ACTIVE' AND v.failure_reason IS NULL");
				case INACTIVE -> filter.where.append(" AND m.status = 'INACTIVE'");
			}
		}
		if (query.format() != null && !query.format().isBlank()) {
			filter.where.append(" AND v.format = :format");
			filter.add("format", query.format());
		}
		String order = switch (query.sort()) {
			case CREATED_AT -> "m.created_at";
			case UPDATED_AT -> "m.updated_at";
			case NAME -> "LOWER(m.name)";
		} + (query.descending() ? " DESC" : " ASC") + ", m.id";
		JdbcClient.StatementSpec count = this.jdbc.sql("SELECT COUNT(*)" + FROM + filter.where);
		JdbcClient.StatementSpec page = this.jdbc
			.sql(SELECT + filter.where + " ORDER BY " + order + " LIMIT :limit OFFSET :offset")
			.param("limit", query.size())
			.param("offset", (long) query.page() * query.size());
		for (int i = 0; i < filter.names.size(); i++) {
			count = count.param(filter.names.get(i), filter.values.get(i));
			page = page.param(filter.names.get(i), filter.values.get(i));
		}
		long total = count.query(Long.class).single();
		List<Model> models = page.query((rs, row) -> stored(rs).model()).list();
		return new ModelPage(models, query.page(), query.size(), total);
	}

	/** Changes name, description and status of a live model; returns whether found. */
	public boolean updateMetadata(ModelId id, String name, String description, ModelStatus status, Instant at) {
		return this.jdbc.sql("""
				UPDATE model SET name = :name, description = :description, status = :status, updated_at = :at
				WHERE id = :id AND archived_at IS NULL""")
			.param("name", name)
			.param("description", description)
			.param("status", status.name())
			.param("at", utc(at))
			.param("id", id.value())
			.update() == 1;
	}

	/** Archives a live model or restores an archived one; returns whether it changed. */
	public boolean setArchived(ModelId id, @Nullable Instant archivedAt) {
		String state = (archivedAt != null) ? "archived_at IS NULL" : "archived_at IS NOT NULL";
		return this.jdbc.sql("UPDATE model SET archived_at = :at WHERE id = :id AND " + state)
			.param("at", (archivedAt != null) ? utc(archivedAt) : null)
			.param("id", id.value())
			.update() == 1;
	}

	/**
	 * Deletes a model and (by the foreign keys' cascade) its versions and shares; returns
	 * whether it was found.
	 */
	public boolean delete(ModelId id) {
		return this.jdbc.sql("DELETE FROM model WHERE id = :id").param("id", id.value()).update() == 1;
	}

	/** The ids of a user's models, live and archived. */
	/**
	 * How many models the owner has, live or archived, and the bytes of all their
	 * versions' uploads.
	 */
	public Holdings holdings(UserId owner) {
		long models = this.jdbc.sql("SELECT COUNT(*) FROM model WHERE owner_id = :owner")
			.param("owner", owner.value())
			.query(Long.class)
			.single();
		long bytes = this.jdbc.sql("""
				SELECT COALESCE(SUM(v.size_bytes), 0) FROM model_version v
				JOIN model m ON m.id = v.model_id WHERE m.owner_id = :owner AND v.deleted_at IS NULL""")
			.param("owner", owner.value())
			.query(Long.class)
			.single();
		return new Holdings(models, bytes);
	}

	public List<ModelId> idsOwnedBy(UserId owner) {
		return this.jdbc.sql("SELECT id FROM model WHERE owner_id = :owner")
			.param("owner", owner.value())
			.query((rs, row) -> new ModelId(rs.getString(1)))
			.list();
	}

	/** The ids of models archived before the instant. */
	public List<ModelId> archivedBefore(Instant instant) {
		return this.jdbc.sql("SELECT id FROM model WHERE archived_at < :instant")
			.param("instant", utc(instant))
			.query((rs, row) -> new ModelId(rs.getString(1)))
			.list();
	}

	/** The user's newest live model with this exact name. */
	public Optional<ModelId> findIdByName(UserId owner, String name) {
		return this.jdbc.sql("""
				SELECT id FROM model WHERE owner_id = :owner AND name = :name AND archived_at IS NULL
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

	/** The permission a model is shared with a user at, if it is. */
	public Optional<Permission> sharedPermission(ModelId id, UserId user) {
		return this.jdbc.sql("SELECT permission FROM model_share WHERE model_id = :id AND user_id = :user")
			.param("id", id.value())
			.param("user", user.value())
			.query((rs, row) -> Permission.valueOf(rs.getString(1)))
			.optional();
	}

	/** The permissions of every model shared with a user. */
	public Map<ModelId, Permission> sharedPermissions(UserId user) {
		var permissions = new HashMap<ModelId, Permission>();
		this.jdbc.sql("SELECT model_id, permission FROM model_share WHERE user_id = :user")
			.param("user", user.value())
			.query((rs) -> {
				permissions.put(new ModelId(rs.getString(1)), Permission.valueOf(rs.getString(2)));
			});
		return permissions;
	}

	/** Shares a model; returns false if it is shared with the user already. */
	public boolean insertShare(ModelId id, UserId user, Permission permission, Instant at) {
		if (sharedPermission(id, user).isPresent()) {
			return false;
		}
		this.jdbc.sql("""
				INSERT INTO model_share (model_id, user_id, permission, created_at, updated_at)
				VALUES (:id, :user, :permission, :at, :at)""")
			.param("id", id.value())
			.param("user", user.value())
			.param("permission", permission.name())
			.param("at", utc(at))
			.update();
		return true;
	}

	/** Changes a share's permission; returns whether the share exists. */
	public boolean updateShare(ModelId id, UserId user, Permission permission, Instant at) {
		return this.jdbc.sql("""
				UPDATE model_share SET permission = :permission, updated_at = :at
				WHERE model_id = :id AND user_id = :user""")
			.param("permission", permission.name())
			.param("at", utc(at))
			.param("id", id.value())
			.param("user", user.value())
			.update() == 1;
	}

	/** Revokes a share; returns whether it existed. */
	public boolean deleteShare(ModelId id, UserId user) {
		return this.jdbc.sql("DELETE FROM model_share WHERE model_id = :id AND user_id = :user")
			.param("id", id.value())
			.param("user", user.value())
			.update() == 1;
	}

	/** Revokes every share with a user; returns the models they were shares of. */
	public List<ModelId> deleteSharesWith(UserId user) {
		List<ModelId> models = this.jdbc.sql("SELECT model_id FROM model_share WHERE user_id = :user")
			.param("user", user.value())
			.query((rs, row) -> new ModelId(rs.getString(1)))
			.list();
		this.jdbc.sql("DELETE FROM model_share WHERE user_id = :user").param("user", user.value()).update();
		return models;
	}

	/** Who a model is shared with, oldest share first. */
	public List<StoredShare> shares(ModelId id) {
		return this.jdbc.sql("""
				SELECT user_id, permission, created_at, updated_at FROM model_share WHERE model_id = :id
				ORDER BY created_at, user_id""")
			.param("id", id.value())
			.query((rs, row) -> new StoredShare(new UserId(rs.getString("user_id")),
					Permission.valueOf(rs.getString("permission")), instant(rs, "created_at"),
					instant(rs, "updated_at")))
			.list();
	}

	private StoredModel stored(ResultSet rs) throws SQLException {
		StoredVersion version = storedVersion(rs);
		OffsetDateTime archivedAt = rs.getObject("archived_at", OffsetDateTime.class);
		ModelStatus status = ModelStatus.valueOf(rs.getString("status"));
		if (status == ModelStatus.ACTIVE && version.version().failed()) {
			// the version the endpoint serves has a damaged file
			status = ModelStatus.FAILED;
		}
		var model = new Model(new ModelId(rs.getString("id")), new UserId(rs.getString("owner_id")),
				rs.getString("name"), rs.getString("description"), status, version.version(),
				rs.getInt("latest_version"), rs.getBoolean("production_pinned"),
				(archivedAt != null) ? archivedAt.toInstant() : null, instant(rs, "created_at"),
				instant(rs, "updated_at"));
		return new StoredModel(model, version.servedFile(), version.servedSha256(), version.expectedBytes());
	}

	private StoredVersion storedVersion(ResultSet rs) throws SQLException {
		long expected = rs.getLong("heap_bytes") + Math.max(0, rs.getLong("native_bytes"));
		return new StoredVersion(version(rs), rs.getString("served_file"), rs.getString("served_sha256"), expected);
	}

	private ModelVersion version(ResultSet rs) throws SQLException {
		return new ModelVersion(rs.getString("version_id"), rs.getInt("version"), format(rs.getString("format")),
				rs.getString("engine"), rs.getString("original_filename"), rs.getLong("size_bytes"),
				rs.getString("sha256"), SignatureDocument.fromJson(this.json.readTree(rs.getString("signature_json"))),
				this.json.readTree(rs.getString("example_request")),
				this.json.readTree(rs.getString("example_response")), notes(rs.getString("notes")),
				instant(rs, "version_created_at"), imageInput(rs.getString("image_input")),
				rs.getString("failure_reason"), incompatibility(rs.getString("incompatibility")),
				rs.getString("version_description"));
	}

	private @Nullable String incompatibility(@Nullable Incompatibility incompatibility) {
		if (incompatibility == null) {
			return null;
		}
		ObjectNode node = this.json.createObjectNode().put("compared_with", incompatibility.comparedWith());
		incompatibility.differences().forEach(node.putArray("differences")::add);
		return node.toString();
	}

	private @Nullable Incompatibility incompatibility(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		JsonNode node = this.json.readTree(stored);
		var differences = new ArrayList<String>();
		node.get("differences").forEach((difference) -> differences.add(difference.asString()));
		return new Incompatibility(node.get("compared_with").asInt(), differences);
	}

	private @Nullable ImageInput imageInput(@Nullable String stored) {
		return (stored != null) ? ImageInput.parse(this.json.readTree(stored), "") : null;
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

	/** A WHERE clause and its parameters. */
	private static final class Filter {

		private final StringBuilder where;

		private final List<String> names = new ArrayList<>();

		private final List<Object> values = new ArrayList<>();

		Filter(String where) {
			this.where = new StringBuilder(where);
		}

		void add(String name, Object value) {
			this.names.add(name);
			this.values.add(value);
		}

	}

	/**
	 * A model with where its served file lies within its version directory.
	 *
	 * @param model the model
	 * @param servedFile the name of the file its engine loads
	 * @param servedSha256 that file's SHA-256 as admitted, hex; null for versions stored
	 * before it was recorded
	 * @param expectedBytes the memory it held when last loaded
	 */
	public record StoredModel(Model model, String servedFile, @Nullable String servedSha256, long expectedBytes) {

	}

	/**
	 * A version with where its served file lies within its version directory.
	 *
	 * @param version the version
	 * @param servedFile the name of the file its engine loads
	 * @param servedSha256 that file's SHA-256 as admitted, hex; null for versions stored
	 * before it was recorded
	 * @param expectedBytes the memory it held when last loaded
	 */
	public record StoredVersion(ModelVersion version, String servedFile, @Nullable String servedSha256,
			long expectedBytes) {

	}

	/**
	 * A share as stored.
	 *
	 * @param user who the model is shared with
	 * @param permission what they may do
	 * @param createdAt when it was shared
	 * @param updatedAt when the permission last changed
	 */
	public record StoredShare(UserId user, Permission permission, Instant createdAt, Instant updatedAt) {

	}

}
