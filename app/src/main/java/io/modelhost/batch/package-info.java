/**
 * Batch predictions: a whole tabular dataset scored by one model version as a
 * {@code batch-prediction} job of the jobs module. Rows are read from the datasets module
 * in chunks, scored through the serving module's {@link io.modelhost.serving.Predictor}
 * (the endpoint's checks, once per chunk), written to a result file as they finish and
 * recorded in usage one record per chunk. A row the model refuses is reported in the
 * result, not a reason to fail the job.
 */
@NullMarked
package io.modelhost.batch;

import org.jspecify.annotations.NullMarked;
