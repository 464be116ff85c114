package io.modelhost.registry;

import io.modelhost.accounts.UserId;
import tools.jackson.databind.JsonNode;

/**
 * A group of a model's settings that another module keeps (payload capture, say) but that
 * a client changes with the model's other settings, as one field of {@code PATCH
 * /api/v1/models/{id}}. The module checks the caller's permission and the value, and
 * answers its own problems with pointers under the field's name.
 */
public interface ModelSettingsExtension {

	/** The body field it takes, e.g. {@code capture}. */
	String field();

	/** Applies the field's value for the user, or throws the module's problem. */
	void apply(UserId user, ModelId model, JsonNode value);

}
