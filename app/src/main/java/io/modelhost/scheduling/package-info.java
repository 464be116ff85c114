/**
 * The serving core: each model has its own bounded queue and workers; requests for tensor
 * models that arrive close together are stacked into one batch. Returns futures and fails
 * fast with typed exceptions; knows nothing of HTTP.
 */
@NullMarked
package io.modelhost.scheduling;

import org.jspecify.annotations.NullMarked;
