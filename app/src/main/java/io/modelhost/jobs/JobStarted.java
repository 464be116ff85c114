package io.modelhost.jobs;

/**
 * A node started a job (published on that node).
 *
 * @param job the job as it started
 */
public record JobStarted(Job job) {

}
