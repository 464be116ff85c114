package io.modelhost.jobs;

/**
 * A job reached its final status: succeeded, failed or cancelled (published on the node
 * that finished it, or that cancelled it while it was queued).
 *
 * @param job the finished job, with its result or error
 */
public record JobFinished(Job job) {

}
