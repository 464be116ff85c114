/**
 * The model registry: uploaded models, their versions, aliases and stored files, owned by
 * users and shared with others. Every lookup checks the caller's permission, and a model
 * the caller may not see is not found.
 */
@NullMarked
package io.modelhost.registry;

import org.jspecify.annotations.NullMarked;
