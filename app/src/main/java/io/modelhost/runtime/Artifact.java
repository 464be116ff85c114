package io.modelhost.runtime;

import java.nio.file.Path;

import io.modelhost.engine.ModelFormat;
import org.jspecify.annotations.Nullable;

/**
 * A stored, admitted model file, as the runtime needs it to load the model.
 *
 * @param key identifies the loaded model in the cache; one per stored version
 * @param model the model's id, for metrics
 * @param version the version's number, for metrics
 * @param engine the id of the engine that admitted it
 * @param format the format it was admitted as
 * @param servedFile the file the engine loads
 * @param sha256 the served file's SHA-256 as recorded when it was admitted, hex: checked
 * before every load; null only for versions stored before it was recorded whose served
 * file is a conversion of the upload, which are loaded unchecked
 * @param expectedBytes the memory it held when last loaded (heap and native), 0 if
 * unknown
 */
public record Artifact(String key, String model, int version, String engine, ModelFormat format, Path servedFile,
		@Nullable String sha256, long expectedBytes) {

}
