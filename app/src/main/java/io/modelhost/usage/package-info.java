/**
 * Usage records: one per prediction request, success or failure, written in batches off
 * the request path and never dropped.
 */
@NullMarked
package io.modelhost.usage;

import org.jspecify.annotations.NullMarked;
