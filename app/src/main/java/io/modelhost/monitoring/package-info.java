/**
 * Monitoring of model endpoints beyond usage: resources (CPU, memory, queue depth)
 * sampled as time series, alert thresholds raised and cleared, and models flagged when
 * idle.
 */
@NullMarked
package io.modelhost.monitoring;

import org.jspecify.annotations.NullMarked;
