package io.modelhost.registry;

import java.util.List;

/**
 * Production was asked to move to a version whose inputs or outputs differ from the
 * served one's in a way its clients would notice, without {@code force}.
 */
public final class IncompatibleVersionException extends RegistryException {

	private final int version;

	private final int production;

	private final List<String> differences;

	public IncompatibleVersionException(int version, int production, List<String> differences) {
		super("version " + version + " is not compatible with version " + production + ", which production serves: "
				+ String.join("; ", differences));
		this.version = version;
		this.production = production;
		this.differences = List.copyOf(differences);
	}

	/** The version asked for. */
	public int version() {
		return this.version;
	}

	/** The version production serves. */
	public int production() {
		return this.production;
	}

	/** What its clients would notice. */
	public List<String> differences() {
		return this.differences;
	}

}
