package io.modelhost.registry;

/** The model has no version with this number. */
public final class VersionNotFoundException extends RegistryException {

	public VersionNotFoundException(int version) {
		this(Integer.toString(version));
	}

	public VersionNotFoundException(String version) {
		super("the model has no version " + version.substring(0, Math.min(version.length(), 20)));
	}

}
