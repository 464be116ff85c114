package io.modelhost.runtime;

import org.jspecify.annotations.Nullable;

/**
 * A load found a stored model file damaged and refused it. Published on the loading
 * thread (a model queue's), before {@link DamagedArtifactException} is thrown, once per
 * refused load.
 *
 * @param key the artifact's key: the version's id
 * @param model the model's id
 * @param version the version's number
 * @param expectedSha256 the SHA-256 recorded at upload, hex
 * @param actualSha256 the file's SHA-256 now, hex, or null if it cannot be read
 * @param reason what is wrong, for people: safe to show the model's owner (no path)
 */
public record ArtifactDamaged(String key, String model, int version, String expectedSha256,
		@Nullable String actualSha256, String reason) {

}
