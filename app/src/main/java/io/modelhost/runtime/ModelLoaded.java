package io.modelhost.runtime;

/**
 * A model was loaded and its memory measured.
 *
 * @param key the loaded model's key (its version id)
 * @param footprint what it holds
 */
public record ModelLoaded(String key, MemoryFootprint footprint) {

}
