package io.modelhost.registry;

import java.util.List;

/**
 * A model was deleted: its versions no longer serve.
 *
 * @param id the model
 * @param versionIds the ids of its versions (the runtime's keys for them)
 */
public record ModelDeleted(ModelId id, List<String> versionIds) {

	public ModelDeleted {
		versionIds = List.copyOf(versionIds);
	}

}
