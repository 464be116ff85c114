package io.modelhost.registry;

/** A share that cannot be made, changed or found. */
public final class ShareException extends RegistryException {

	private final Reason reason;

	public ShareException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why. */
	public enum Reason {

		/** The model is not shared with this user. */
		NOT_SHARED,
		/** An owner cannot share a model with themselves. */
		SELF

	}

}
