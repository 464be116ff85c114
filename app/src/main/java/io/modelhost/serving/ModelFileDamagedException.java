package io.modelhost.serving;

import org.jspecify.annotations.Nullable;

/**
 * The model version asked for is not served because its stored file failed the integrity
 * check (its SHA-256 is not the one recorded at upload): the platform's fault, lasting
 * until the owner uploads a new version or moves {@code production}.
 */
public final class ModelFileDamagedException extends ModelUnavailableException {

	private final int version;

	public ModelFileDamagedException(int version, String reason, @Nullable Throwable cause) {
		super(reason, cause);
		this.version = version;
	}

	/** The version whose file is damaged. */
	public int version() {
		return this.version;
	}

}
