package io.modelhost.registry;

import org.jspecify.annotations.Nullable;

/**
 * A version cannot be deleted while an alias points to it or the traffic split sends it
 * requests.
 */
public final class VersionInUseException extends RegistryException {

	private final int version;

	private final @Nullable String alias;

	private final @Nullable String traffic;

	private VersionInUseException(int version, @Nullable String alias, @Nullable String traffic, String message) {
		super(message);
		this.version = version;
		this.alias = alias;
		this.traffic = traffic;
	}

	/** The version is the one an alias points to. */
	public static VersionInUseException alias(int version, String alias) {
		return new VersionInUseException(version, alias, null,
				"the alias '" + alias + "' points to version " + version + "; point it elsewhere or delete it first");
	}

	/** The version is the traffic split's canary or shadow. */
	public static VersionInUseException traffic(int version, String role) {
		return new VersionInUseException(version, null, role, "version " + version + " is the " + role
				+ " of the model's traffic split; change or remove the split first");
	}

	/** The version asked for. */
	public int version() {
		return this.version;
	}

	/** The alias pointing to it, or null. */
	public @Nullable String alias() {
		return this.alias;
	}

	/** {@code canary} or {@code shadow} when the traffic split uses it, or null. */
	public @Nullable String traffic() {
		return this.traffic;
	}

}
