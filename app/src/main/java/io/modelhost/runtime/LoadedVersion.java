package io.modelhost.runtime;

/**
 * A model version loaded in this process.
 *
 * @param key the version's key
 * @param modelId the model
 * @param version the version's number
 * @param footprint the memory it was measured to hold when loaded
 */
public record LoadedVersion(String key, String modelId, int version, MemoryFootprint footprint) {

}
