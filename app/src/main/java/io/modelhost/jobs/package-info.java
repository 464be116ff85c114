/**
 * Jobs: long-running work (training, evaluation, batch predictions, …) as durable records
 * with a status, progress, stage, result or error, run in a bounded pool per kind on any
 * node that handles the kind, cancellable, followed live as Server-Sent Events, and never
 * left running by a restart. Other modules plug their work in as a {@link JobHandler} and
 * submit through {@link Jobs}; execution is db-scheduler's (docs/adr/0008-jobs.md).
 */
@NullMarked
package io.modelhost.jobs;

import org.jspecify.annotations.NullMarked;
