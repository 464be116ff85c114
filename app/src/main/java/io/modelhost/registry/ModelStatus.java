package io.modelhost.registry;

/** Whether a model's endpoint serves. */
public enum ModelStatus {

	/** Admitted and served. */
	READY,
	/** Its stored file can no longer be loaded. */
	FAILED

}
