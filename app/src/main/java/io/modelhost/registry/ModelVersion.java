package io.modelhost.registry;

import java.time.Instant;
import java.util.List;

import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelSignature;
import io.modelhost.protocol.ImageInput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One immutable uploaded file of a model.
 *
 * @param id the version's id
 * @param number 1 for the first upload, then 2, 3, …
 * @param format the format recognised
 * @param engine the engine that serves it
 * @param filename the uploaded file's name, sanitised, for display only
 * @param sizeBytes the uploaded file's size
 * @param sha256 the uploaded file's SHA-256, hex
 * @param signature what the model takes and gives
 * @param exampleRequest a valid request body
 * @param exampleResponse what the model answered to it
 * @param notes what admission found, e.g. the container and compression
 * @param createdAt when it was uploaded
 * @param imageInput how it takes pictures, or null when it takes none
 * @param failureReason why the platform stopped serving it (its stored file failed the
 * integrity check), or null while it serves
 * @param description what the uploader wrote about it with the upload, or null (the
 * model's own description is the model's)
 * @param incompatibility how it differs from the version production served when it was
 * uploaded, where a client would notice; null when it may replace that one
 */
public record ModelVersion(String id, int number, ModelFormat format, String engine, String filename, long sizeBytes,
		String sha256, ModelSignature signature, JsonNode exampleRequest, JsonNode exampleResponse, List<String> notes,
		Instant createdAt, @Nullable ImageInput imageInput, @Nullable String failureReason,
		@Nullable Incompatibility incompatibility, @Nullable String description) {

	/** This version, marked as not compatible with the one production serves. */
	public ModelVersion incompatible(Incompatibility incompatibility) {
		return new ModelVersion(this.id, this.number, this.format, this.engine, this.filename, this.sizeBytes,
				this.sha256, this.signature, this.exampleRequest, this.exampleResponse, this.notes, this.createdAt,
				this.imageInput, this.failureReason, incompatibility, this.description);
	}

	/** Whether the platform stopped serving it. */
	public boolean failed() {
		return this.failureReason != null;
	}

	/**
	 * A version number as a path gives it.
	 * @throws VersionNotFoundException unless it is a number from 1
	 */
	public static int parseNumber(String text) {
		if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
			throw new VersionNotFoundException(text);
		}
		int number = Integer.parseInt(text);
		if (number < 1) {
			throw new VersionNotFoundException(text);
		}
		return number;
	}

}
