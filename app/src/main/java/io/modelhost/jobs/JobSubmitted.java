package io.modelhost.jobs;

/**
 * A job was stored and queued (published on the submitting node).
 *
 * @param job the job as queued
 */
public record JobSubmitted(Job job) {

}
