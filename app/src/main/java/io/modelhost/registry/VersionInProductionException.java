package io.modelhost.registry;

/** A version cannot be deleted while production serves it. */
public final class VersionInProductionException extends RegistryException {

	private final int version;

	public VersionInProductionException(int version) {
		super("version " + version + " is the one production serves; point production at another version first");
		this.version = version;
	}

	/** The version asked for. */
	public int version() {
		return this.version;
	}

}
