package io.modelhost.scheduling;

/**
 * What one model version's queue holds now and has used so far.
 *
 * @param artifactKey the version's key in the runtime
 * @param modelId the model
 * @param version the version's number
 * @param depth requests waiting now
 * @param cpuNanos CPU time spent in its predictions since the queue was made, on the
 * worker threads around each batch (loading excluded); only grows, and starts again at 0
 * when the queue is dropped and made again
 */
public record QueueUsage(String artifactKey, String modelId, int version, int depth, long cpuNanos) {

}
