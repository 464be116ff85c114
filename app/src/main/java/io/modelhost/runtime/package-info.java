/**
 * The model runtime: the engines found on the class path, admission of uploaded files,
 * and the cache of loaded models, leased to callers and closed only when no prediction
 * uses them. Knows nothing of HTTP, users or the database.
 */
@NullMarked
package io.modelhost.runtime;

import org.jspecify.annotations.NullMarked;
