/**
 * The model registry: uploaded models, their versions and stored files, owned by users.
 * Every lookup is by owner and id, so a model that is not the caller's is not found.
 */
@NullMarked
package io.modelhost.registry;

import org.jspecify.annotations.NullMarked;
