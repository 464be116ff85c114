/**
 * The batch module's internals: the {@code batch-prediction} job handler, the conversion
 * of a dataset's rows to a model's input, the result files and the progress table.
 */
@NullMarked
package io.modelhost.batch.internal;

import org.jspecify.annotations.NullMarked;
