/** Per-model queues with their worker threads, and how batches are stacked and split. */
@NullMarked
package io.modelhost.scheduling.internal;

import org.jspecify.annotations.NullMarked;
