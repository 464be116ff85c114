package io.modelhost.scheduling;

import io.modelhost.engine.Prediction;

/**
 * A finished prediction and how it was scheduled.
 *
 * @param prediction the model's answer for this request's rows
 * @param queueNanos how long the request waited before its batch started
 * @param batchSize how many requests ran in the same batch (1 when alone)
 */
public record Outcome(Prediction prediction, long queueNanos, int batchSize) {

}
