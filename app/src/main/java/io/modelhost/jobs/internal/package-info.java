/** The jobs' storage, execution through db-scheduler, cancellation and recovery. */
@NullMarked
package io.modelhost.jobs.internal;

import org.jspecify.annotations.NullMarked;
