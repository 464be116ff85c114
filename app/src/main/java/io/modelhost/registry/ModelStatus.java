package io.modelhost.registry;

/** Whether a model's endpoint serves. */
public enum ModelStatus {

	/** Served. */
	ACTIVE,
	/**
	 * Switched off by its owner or an editor: the endpoint answers 403 and is not loaded.
	 */
	INACTIVE,
	/** Its stored file can no longer be loaded. */
	FAILED

}
