/**
 * The analysis module's internals: the checks of an order against its model and dataset,
 * the {@code evaluation} and {@code comparison} job handlers, the batch scorer over the
 * {@link io.modelhost.serving.Predictor}, the metric accumulators and the index of a
 * model's evaluations.
 */
@NullMarked
package io.modelhost.analysis.internal;

import org.jspecify.annotations.NullMarked;
