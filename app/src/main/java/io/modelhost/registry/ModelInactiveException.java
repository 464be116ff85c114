package io.modelhost.registry;

/** The model's endpoint was switched off by its owner or an editor. */
public final class ModelInactiveException extends RegistryException {

	public ModelInactiveException() {
		super("the model's endpoint is inactive; its owner can activate it");
	}

}
