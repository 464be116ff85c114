package io.modelhost.registry.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelVersion;
import io.modelhost.runtime.MemoryFootprint;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A model in API responses. */
record ModelResponse(String id, String name, String description, int version, String format, String status,
		@Schema(description = "The unique URL to POST predictions to") String endpointUrl,
		@Schema(description = "Documentation of the endpoint as JSON: inputs, examples, snippets") String docsUrl,
		@Schema(description = "What the model takes and gives, derived from the model file") JsonNode schema,
		FileInfo file, String engine, List<String> notes,
		@Schema(description = "Whether the model is loaded, and the memory it was measured to hold") RuntimeInfo runtime,
		Instant createdAt, Instant updatedAt) {

	static ModelResponse of(Model model, PublicUrls urls, ModelRuntime runtime) {
		ModelVersion version = model.version();
		String base = "/api/v1/models/" + model.id().value();
		return new ModelResponse(model.id().value(), model.name(), model.description(), version.number(),
				version.format().id(), model.status().name().toLowerCase(Locale.ROOT), urls.of(base + "/predict"),
				urls.of(base + "/docs"), SignatureDocument.toJson(version.signature()),
				new FileInfo(version.filename(), version.sizeBytes(), version.sha256()), version.engine(),
				version.notes(), RuntimeInfo.of(runtime.footprint(version.id())), model.createdAt(), model.updatedAt());
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
