/**
 * JMH benchmarks of the inference engines, one model of each file type the product
 * serves: load time, single-row and batch-of-32 latency, memory per loaded model.
 * {@link io.modelhost.benchmarks.SixFormats} runs them all and writes the results table.
 */
@NullMarked
package io.modelhost.benchmarks;

import org.jspecify.annotations.NullMarked;
