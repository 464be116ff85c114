package io.modelhost.jobs.web;

import java.time.Instant;

import io.modelhost.jobs.Job;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A job as the API shows it. */
record JobResponse(String id, String kind, String status, double progress, @Nullable String stage, JsonNode parameters,
		@Nullable JsonNode result, @Nullable String error, boolean cancelRequested, Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, String eventsUrl) {

	static JobResponse of(Job job) {
		String id = job.id().value();
		return new JobResponse(id, job.kind().name(), job.status().label(), job.progress(), job.stage(),
				job.parameters(), job.result(), job.error(), job.cancelRequested(), job.createdAt(), job.startedAt(),
				job.finishedAt(), "/api/v1/jobs/" + id + "/events");
	}

}
