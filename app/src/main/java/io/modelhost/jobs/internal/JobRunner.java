package io.modelhost.jobs.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobCancelledException;
import io.modelhost.jobs.JobEvent;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.jobs.JobFinished;
import io.modelhost.jobs.JobHandler;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobStarted;
import io.modelhost.jobs.JobStatus;
import io.modelhost.jobs.JobsProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Runs one job on the calling pool thread: what db-scheduler's execution of a job does.
 * Idempotent, because db-scheduler may run an execution again: a queued job is claimed
 * and run; a job found running belonged to a node that stopped heartbeating (db-scheduler
 * revived its execution) and is failed as interrupted; a finished job is left alone.
 */
final class JobRunner {

	/** The error of a job whose node stopped while running it. */
	static final String INTERRUPTED = "interrupted by a restart";

	/** The error of a job whose handler threw something other than a job failure. */
	static final String UNEXPECTED = "the job failed unexpectedly; the server log has the details";

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final String node;

	private final JobStore store;

	private final JobSignals signals;

	private final JobsProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** The jobs this node is running now. */
	private final Map<JobId, RunningJob> active = new ConcurrentHashMap<>();

	JobRunner(String node, JobStore store, JobSignals signals, JobsProperties properties,
			ApplicationEventPublisher events, Clock clock) {
		this.node = node;
		this.store = store;
		this.signals = signals;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	String node() {
		return this.node;
	}

	Optional<RunningJob> active(JobId id) {
		return Optional.ofNullable(this.active.get(id));
	}

	Collection<RunningJob> active() {
		return this.active.values();
	}

	void run(JobHandler handler, JobId id) {
		Optional<Job> found = this.store.find(id);
		if (found.isEmpty()) {
			return;
		}
		Job job = found.get();
		switch (job.status()) {
			case QUEUED -> {
				if (this.store.start(id, this.node, this.clock.instant())) {
					execute(handler, this.store.find(id).orElse(job));
				}
			}
			case RUNNING -> {
				if (!this.active.containsKey(id)) {
					this.store.standings(List.of(id))
						.forEach((standing) -> failInterrupted(job, (standing.node() != null) ? standing.node() : ""));
				}
			}
			case SUCCEEDED, FAILED, CANCELLED -> {
				// finished while its execution waited (cancelled when queued): nothing to
				// do
			}
		}
	}

	/**
	 * Fails a job that was running on a node that is gone, with its final event.
	 * @return whether it was still running there
	 */
	boolean failInterrupted(Job job, String node) {
		boolean failed = this.store.finish(job.id(), node, JobStatus.FAILED, null, INTERRUPTED, JobEvent.FAILED,
				error(INTERRUPTED), this.clock.instant());
		if (failed) {
			log.warn("Job {} ({}) was running on node {}, which stopped: failed as interrupted", job.id(), job.kind(),
					node);
			finished(job.id());
		}
		return failed;
	}

	private void execute(JobHandler handler, Job job) {
		RunningJob running = new RunningJob(job, this.properties.threads(job.kind()), this.store, this.signals,
				this.clock, Thread.currentThread());
		this.active.put(job.id(), running);
		int priority = Thread.currentThread().getPriority();
		Outcome outcome;
		try {
			this.store.append(job.id(), JobEvent.STATUS,
					JsonNodeFactory.instance.objectNode().put("status", JobStatus.RUNNING.label()),
					this.clock.instant());
			this.signals.signal();
			this.events.publishEvent(new JobStarted(job));
			// below serving's request threads: a hint the OS may ignore (docs/jobs.md)
			Thread.currentThread().setPriority(Thread.MIN_PRIORITY + 1);
			outcome = outcome(running, handler.run(job.parameters(), running), null);
		}
		catch (Throwable ex) {
			outcome = outcome(running, null, ex);
		}
		finally {
			running.end();
			Thread.currentThread().setPriority(priority);
			this.active.remove(job.id());
		}
		ObjectNode data = JsonNodeFactory.instance.objectNode().put("status", outcome.status().label());
		String event = switch (outcome.status()) {
			case SUCCEEDED -> {
				data.set("result", outcome.result());
				yield JobEvent.DONE;
			}
			case FAILED -> {
				data.put("error", outcome.error());
				yield JobEvent.FAILED;
			}
			case CANCELLED -> JobEvent.CANCELLED;
			case QUEUED, RUNNING -> throw new IllegalStateException("not a final status: " + outcome.status());
		};
		if (this.store.finish(job.id(), this.node, outcome.status(), outcome.result(), outcome.error(), event, data,
				this.clock.instant())) {
			finished(job.id());
		}
		else {
			log.warn("Job {} ({}) ended {} here, but its record no longer says it runs on {}: outcome dropped",
					job.id(), job.kind(), outcome.status().label(), this.node);
		}
	}

	private Outcome outcome(RunningJob running, @Nullable JsonNode result, @Nullable Throwable thrown) {
		RunningJob.Stop stop = running.stop();
		if (stop == RunningJob.Stop.CANCEL) {
			return new Outcome(JobStatus.CANCELLED, null, null);
		}
		if (stop != null) {
			// shutting down, or taken for lost: whatever the handler made of it
			return new Outcome(JobStatus.FAILED, null, INTERRUPTED);
		}
		return switch (thrown) {
			case null -> new Outcome(JobStatus.SUCCEEDED,
					(result != null) ? result : JsonNodeFactory.instance.objectNode(), null);
			case JobFailedException failed -> new Outcome(JobStatus.FAILED, null, userSafe(failed.getMessage()));
			case JobCancelledException cancelled -> new Outcome(JobStatus.FAILED, null, UNEXPECTED);
			default -> {
				log.error("Job {} ({}) failed unexpectedly", running.jobId(), running.job().kind(), thrown);
				yield new Outcome(JobStatus.FAILED, null, UNEXPECTED);
			}
		};
	}

	private void finished(JobId id) {
		this.signals.signal();
		this.store.find(id).ifPresent((job) -> this.events.publishEvent(new JobFinished(job)));
	}

	private static String userSafe(@Nullable String message) {
		if (message == null || message.isBlank()) {
			return UNEXPECTED;
		}
		return (message.length() > 1000) ? message.substring(0, 999) + "…" : message;
	}

	static ObjectNode error(String error) {
		return JsonNodeFactory.instance.objectNode().put("status", JobStatus.FAILED.label()).put("error", error);
	}

	private record Outcome(JobStatus status, @Nullable JsonNode result, @Nullable String error) {

	}

}
