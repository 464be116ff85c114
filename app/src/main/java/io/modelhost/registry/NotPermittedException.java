package io.modelhost.registry;

/**
 * The user can see the model but may not do this with it (a share with a lower
 * permission).
 */
public final class NotPermittedException extends RegistryException {

	private final Permission needed;

	public NotPermittedException(Permission needed) {
		super("this needs the '" + needed.label() + "' permission on the model");
		this.needed = needed;
	}

	public Permission needed() {
		return this.needed;
	}

}
