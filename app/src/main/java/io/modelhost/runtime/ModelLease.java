package io.modelhost.runtime;

import io.modelhost.engine.LoadedModel;

/**
 * The use of a loaded model for one prediction. The model stays open until every lease on
 * it is closed, even if it is unloaded meanwhile.
 */
public interface ModelLease extends AutoCloseable {

	LoadedModel model();

	/** Gives the model back; idempotent. */
	@Override
	void close();

}
