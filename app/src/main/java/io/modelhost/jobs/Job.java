package io.modelhost.jobs;

import java.time.Instant;

import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job as stored.
 *
 * @param id the job's id
 * @param owner who submitted it, the only user who sees it
 * @param kind what it does
 * @param status where it is
 * @param progress how far it is, 0..1 (1 when it succeeded)
 * @param stage what it is doing, in words, if its handler said
 * @param parameters what it was asked to do, as submitted
 * @param result what it produced, once it succeeded
 * @param error why it failed, safe to show its owner, once it failed
 * @param cancelRequested whether its owner asked to cancel it while it ran
 * @param createdAt when it was submitted
 * @param startedAt when a node started it
 * @param finishedAt when it reached its final status
 */
public record Job(JobId id, UserId owner, JobKind kind, JobStatus status, double progress, @Nullable String stage,
		JsonNode parameters, @Nullable JsonNode result, @Nullable String error, boolean cancelRequested,
		Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {

}
