package io.modelhost.registry;

/**
 * No model with this id is visible to the caller (it may exist and belong to someone
 * else).
 */
public final class ModelNotFoundException extends RegistryException {

	public ModelNotFoundException() {
		super("no such model");
	}

}
