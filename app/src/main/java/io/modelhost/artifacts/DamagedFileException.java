package io.modelhost.artifacts;

/** A version's stored file no longer matches the digest recorded when it was stored. */
public final class DamagedFileException extends ArtifactException {

	private final int version;

	public DamagedFileException(int version) {
		super("the stored file of version " + version
				+ " no longer matches the digest recorded when it was stored: it is damaged and is not exported");
		this.version = version;
	}

	/** The version. */
	public int version() {
		return this.version;
	}

}
