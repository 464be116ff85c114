package io.modelhost.registry.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelVersion;
import io.modelhost.registry.Permission;
import io.modelhost.runtime.MemoryFootprint;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A model in API responses. */
record ModelResponse(String id, String name, String description, String ownerId,
		@Schema(description = "What you may do with it: owner, edit, use or view") String permission,
		@Schema(description = "active, inactive (the endpoint answers 403) or failed") String status,
		@Schema(description = "The version the endpoint serves: the one the alias 'production' points to") int version,
		@Schema(description = "The newest version") int latestVersion,
		@Schema(description = "Aliases and the versions they point to: production, and in a model's own answer "
				+ "every other alias (staging, …)") Map<String, Integer> aliases,
		@Schema(description = "Whether 'production' moves to each new version (true) or was set by hand") boolean productionFollowsNewest,
		String format, @Schema(description = "The unique URL to POST predictions to") String endpointUrl,
		@Schema(description = "Documentation of the endpoint as JSON: inputs, examples, snippets") String docsUrl,
		@Schema(description = "What the served version takes and gives, derived from the model file") JsonNode schema,
		FileInfo file, String engine, List<String> notes,
		@Schema(description = "Whether the served version is loaded, and the memory it was measured to hold") RuntimeInfo runtime,
		@Schema(description = "When the model was archived; null while it is live") @Nullable Instant archivedAt,
		@Schema(description = "When an archived model will be deleted for good") @Nullable Instant purgeAfter,
		Instant createdAt, Instant updatedAt,
		@Schema(description = "How the served version takes pictures (PNG, JPEG); null when it takes none") @Nullable JsonNode imageInput,
		@Schema(description = "In the answer to an upload only: the version it created, which production may not "
				+ "serve (see its compatible)") @Nullable VersionResponse uploadedVersion) {

	static ModelResponse of(ModelAccess access, @Nullable Instant purgeAfter, PublicUrls urls, ModelRuntime runtime) {
		Model model = access.model();
		ModelVersion version = model.version();
		String base = "/api/v1/models/" + model.id().value();
		return new ModelResponse(model.id().value(), model.name(), model.description(), model.owner().value(),
				access.permission().label(), model.status().name().toLowerCase(Locale.ROOT), version.number(),
				model.latestVersion(), Map.of("production", version.number()), !model.productionPinned(),
				version.format().id(), urls.of(base + "/predict"), urls.of(base + "/docs"),
				SignatureDocument.toJson(version.signature()),
				new FileInfo(version.filename(), version.sizeBytes(), version.sha256()), version.engine(),
				version.notes(), RuntimeInfo.of(runtime.footprint(version.id())), model.archivedAt(), purgeAfter,
				model.createdAt(), model.updatedAt(),
				(version.imageInput() != null) ? version.imageInput().toJson() : null, null);
	}

	/** This answer, for the upload that created {@code uploaded}. */
	ModelResponse uploaded(VersionResponse uploaded) {
		return new ModelResponse(this.id, this.name, this.description, this.ownerId, this.permission, this.status,
				this.version, this.latestVersion, this.aliases, this.productionFollowsNewest, this.format,
				this.endpointUrl, this.docsUrl, this.schema, this.file, this.engine, this.notes, this.runtime,
				this.archivedAt, this.purgeAfter, this.createdAt, this.updatedAt, this.imageInput, uploaded);
	}

	/** This answer, with all the model's aliases rather than production alone. */
	ModelResponse withAliases(Map<String, Integer> aliases) {
		return new ModelResponse(this.id, this.name, this.description, this.ownerId, this.permission, this.status,
				this.version, this.latestVersion, aliases, this.productionFollowsNewest, this.format, this.endpointUrl,
				this.docsUrl, this.schema, this.file, this.engine, this.notes, this.runtime, this.archivedAt,
				this.purgeAfter, this.createdAt, this.updatedAt, this.imageInput, this.uploadedVersion);
	}

	static ModelResponse owned(Model model, PublicUrls urls, ModelRuntime runtime) {
		return of(new ModelAccess(model, Permission.OWNER), null, urls, runtime);
	}

	/**
	 * The model's state in this server's memory.
	 *
	 * @param loaded whether it is loaded here
	 * @param heapBytes Java heap reachable from the loaded model
	 * @param nativeBytes native memory its engine took while loading (-1 if unknown)
	 * @param loadMs how long loading took
	 */
	record RuntimeInfo(boolean loaded, @Nullable Long heapBytes, @Nullable Long nativeBytes, @Nullable Long loadMs) {

		static RuntimeInfo of(Optional<MemoryFootprint> footprint) {
			return footprint.map((f) -> new RuntimeInfo(true, f.heapBytes(), f.nativeBytes(), f.loadMillis()))
				.orElseGet(() -> new RuntimeInfo(false, null, null, null));
		}

	}

	/** The uploaded file. */
	record FileInfo(String filename, long sizeBytes, String sha256) {

	}

	/** A page of models. */
	record Page(List<ModelResponse> items, int page, int size, long total) {

	}

}
