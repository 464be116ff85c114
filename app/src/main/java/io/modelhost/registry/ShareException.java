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

		/** No enabled user has this email address. */
		NO_SUCH_USER,
		/** The model is not shared with this user. */
		NOT_SHARED,
		/** An owner cannot share a model with themselves. */
		SELF,
		/** The model is already shared with the user: change the share instead. */
		EXISTS

	}

}
