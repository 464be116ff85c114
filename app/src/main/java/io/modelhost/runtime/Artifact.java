package io.modelhost.runtime;

import java.nio.file.Path;

import io.modelhost.engine.ModelFormat;

/**
 * A stored, admitted model file, as the runtime needs it to load the model.
 *
 * @param key identifies the loaded model in the cache; one per stored version
 * @param model the model's id, for metrics
 * @param version the version's number, for metrics
 * @param engine the id of the engine that admitted it
 * @param format the format it was admitted as
 * @param servedFile the file the engine loads
 * @param expectedBytes the memory it held when last loaded (heap and native), 0 if
 * unknown
 */
public record Artifact(String key, String model, int version, String engine, ModelFormat format, Path servedFile,
		long expectedBytes) {

}
