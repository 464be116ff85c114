package io.modelhost.registry.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelVersion;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** A model in API responses. */
record ModelResponse(String id, String name, String description, int version, String format, String status,
		@Schema(description = "The unique URL to POST predictions to") String endpointUrl,
		@Schema(description = "Documentation of the endpoint as JSON: inputs, examples, snippets") String docsUrl,
		@Schema(description = "What the model takes and gives, derived from the model file") JsonNode schema,
		FileInfo file, String engine, List<String> notes, Instant createdAt, Instant updatedAt) {

	static ModelResponse of(Model model, PublicUrls urls) {
		ModelVersion version = model.version();
		String base = "/api/v1/models/" + model.id().value();
		return new ModelResponse(model.id().value(), model.name(), model.description(), version.number(),
				version.format().id(), model.status().name().toLowerCase(Locale.ROOT), urls.of(base + "/predict"),
				urls.of(base + "/docs"), SignatureDocument.toJson(version.signature()),
				new FileInfo(version.filename(), version.sizeBytes(), version.sha256()), version.engine(),
				version.notes(), model.createdAt(), model.updatedAt());
	}

	/** The uploaded file. */
	record FileInfo(String filename, long sizeBytes, String sha256) {

	}

	/** A page of models. */
	record Page(List<ModelResponse> items, int page, int size, long total) {

	}

}
