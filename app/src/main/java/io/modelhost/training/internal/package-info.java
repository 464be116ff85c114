/**
 * The training module's internals: the {@code training} job handler, the adapter from a
 * dataset's rows to the trainer's source, and the stored reports.
 */
@NullMarked
package io.modelhost.training.internal;

import org.jspecify.annotations.NullMarked;
