/**
 * Where samples, alert rules, alerts and idle flags are stored, the reads of usage
 * records that alerts and the idle check need, and the process's own resources.
 */
@NullMarked
package io.modelhost.monitoring.internal;

import org.jspecify.annotations.NullMarked;
