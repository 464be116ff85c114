package io.modelhost.training;

import java.time.Instant;

import io.modelhost.jobs.JobId;
import io.modelhost.registry.ModelId;
import tools.jackson.databind.JsonNode;

/**
 * What the training of one model version found.
 *
 * @param modelId the model
 * @param version the version the training registered
 * @param jobId the training job
 * @param details the report as the API shows it: dataset, target, task, metric,
 * leaderboard, best, confusion matrix, feature importance, notes, times
 * @param createdAt when the version was registered
 */
public record TrainingReport(ModelId modelId, int version, JobId jobId, JsonNode details, Instant createdAt) {

}
