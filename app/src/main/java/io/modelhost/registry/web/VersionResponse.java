package io.modelhost.registry.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelVersion;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One immutable version of a model in API responses. */
record VersionResponse(int version, @Schema(
		description = "What the uploader wrote about this version with its upload; absent if nothing") @Nullable String description,
		@Schema(description = "The aliases pointing to it, e.g. production") List<String> aliases, String format,
		String engine, @Schema(description = "The URL to POST predictions to this very version") String endpointUrl,
		@Schema(description = "What this version takes and gives") JsonNode schema,
		@Schema(description = "A valid request body") JsonNode exampleRequest,
		@Schema(description = "What this version answered to it when it was uploaded") JsonNode exampleResponse,
		ModelResponse.FileInfo file, List<String> notes, ModelResponse.RuntimeInfo runtime, Instant createdAt,
		@Schema(description = "How it takes pictures; null when it takes none") @Nullable JsonNode imageInput,
		@Schema(description = "ready, or failed: its stored file failed the integrity check on load and it is "
				+ "not served") String status,
		@Schema(description = "Why it failed; absent while it is ready") @Nullable String failureReason,
		@Schema(description = "false when its inputs or outputs differ from those of the version production "
				+ "served when it was uploaded, where clients would notice: production then stays, and moves "
				+ "to it only when promoted with force") boolean compatible,
		@Schema(description = "How it differs; absent when compatible") @Nullable Incompatibility incompatibility) {

	/**
	 * How a version differs from the one production served when it was uploaded.
	 *
	 * @param comparedWith that version
	 * @param differences what its clients would notice
	 */
	record Incompatibility(int comparedWith, List<String> differences) {

	}

	static VersionResponse of(Model model, ModelVersion version, PublicUrls urls, ModelRuntime runtime) {
		return of(model, version, Map.of(), urls, runtime);
	}

	/**
	 * A version with the aliases pointing to it.
	 * @param others the model's aliases besides production, with their versions
	 */
	static VersionResponse of(Model model, ModelVersion version, Map<String, Integer> others, PublicUrls urls,
			ModelRuntime runtime) {
		var aliases = new TreeSet<String>();
		others.forEach((alias, number) -> {
			if (number == version.number()) {
				aliases.add(alias);
			}
		});
		if (version.number() == model.version().number()) {
			aliases.add("production");
		}
		return new VersionResponse(version.number(), version.description(), List.copyOf(aliases), version.format().id(),
				version.engine(),
				urls.of("/api/v1/models/" + model.id().value() + "/versions/" + version.number() + "/predict"),
				SignatureDocument.toJson(version.signature()), version.exampleRequest(), version.exampleResponse(),
				new ModelResponse.FileInfo(version.filename(), version.sizeBytes(), version.sha256()), version.notes(),
				ModelResponse.RuntimeInfo.of(runtime.footprint(version.id())), version.createdAt(),
				(version.imageInput() != null) ? version.imageInput().toJson() : null,
				version.failed() ? "failed" : "ready", version.failureReason(), version.incompatibility() == null,
				(version.incompatibility() != null) ? new Incompatibility(version.incompatibility().comparedWith(),
						version.incompatibility().differences()) : null);
	}

}
