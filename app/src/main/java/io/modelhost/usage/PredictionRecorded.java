package io.modelhost.usage;

/**
 * A prediction request was recorded: published by {@link UsageLedger#record} on the
 * request's thread, not persisted. Listeners must be cheap (a cached lookup and a queue
 * offer at most): they run on the hot path of every prediction.
 *
 * @param record what was recorded
 */
public record PredictionRecorded(UsageRecord record) {

}
