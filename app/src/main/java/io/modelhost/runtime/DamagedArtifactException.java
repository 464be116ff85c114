package io.modelhost.runtime;

/**
 * A stored model file is not the file that was admitted: its SHA-256 differs from the one
 * recorded at upload, or it cannot be read at all. The runtime refuses to load it and
 * publishes {@link ArtifactDamaged} first.
 */
public final class DamagedArtifactException extends RuntimeException {

	private final String key;

	public DamagedArtifactException(String key, String reason) {
		super(reason);
		this.key = key;
	}

	/** The artifact's key: the version's id. */
	public String key() {
		return this.key;
	}

}
