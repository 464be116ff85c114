package io.modelhost.jobs;

import java.time.Clock;
import java.time.Duration;

import io.modelhost.accounts.UserId;
import io.modelhost.jobs.internal.JobExecution;
import io.modelhost.jobs.internal.JobSignals;
import io.modelhost.jobs.internal.JobStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.util.IdGenerator;

/**
 * Submitting, reading, cancelling and following jobs of any kind. Only a job's owner sees
 * it: to anyone else it does not exist. Modules with a kind of their own (training, …)
 * offer friendlier endpoints on top of this.
 */
@Service
public class Jobs {

	private final JobStore store;

	private final JobExecution execution;

	private final JobSignals signals;

	private final JobsProperties properties;

	private final ApplicationEventPublisher events;

	private final IdGenerator ids;

	private final Clock clock;

	/**
	 * Held from counting a user's unfinished jobs to storing the new one, so that
	 * simultaneous submissions cannot pass the cap together (in this process).
	 */
	private final Object submitting = new Object();

	Jobs(JobStore store, JobExecution execution, JobSignals signals, JobsProperties properties,
			ApplicationEventPublisher events, IdGenerator ids, Clock clock) {
		this.store = store;
		this.execution = execution;
		this.signals = signals;
		this.properties = properties;
		this.events = events;
		this.ids = ids;
		this.clock = clock;
	}

	/**
	 * Stores a job and queues it; it starts on the first node with a free slot for its
	 * kind (at once, if this node has one).
	 * @param owner who submits it, the only user who will see it
	 * @param kind what it does: a kind with a {@link JobHandler} on this node
	 * @param parameters what it is asked to do, checked by the kind's handler
	 * @return the job, queued
	 * @throws UnknownJobKindException if no handler runs this kind
	 * @throws InvalidJobParametersException if the handler refuses the parameters
	 * @throws JobLimitException if the owner has {@code max-unfinished-per-user} queued
	 * or running jobs
	 */
	public Job submit(UserId owner, JobKind kind, JsonNode parameters) {
		JobHandler handler = this.execution.handler(kind).orElseThrow(() -> new UnknownJobKindException(kind.name()));
		handler.validate(parameters);
		var job = new Job(new JobId(this.ids.generateId().toString()), owner, kind, JobStatus.QUEUED, 0, null,
				parameters, null, null, false, this.clock.instant(), null, null);
		synchronized (this.submitting) {
			if (this.store.unfinished(owner) >= this.properties.maxUnfinishedPerUser()) {
				throw new JobLimitException(this.properties.maxUnfinishedPerUser());
			}
			this.store.insert(job);
		}
		this.events.publishEvent(new JobSubmitted(job));
		this.execution.schedule(job);
		return job;
	}

	/**
	 * @throws JobNotFoundException if the user has no job with this id
	 */
	public Job get(UserId owner, JobId id) {
		return this.store.find(owner, id).orElseThrow(JobNotFoundException::new);
	}

	/** The user's jobs, newest first. */
	public JobPage list(UserId owner, JobQuery query) {
		return this.store.list(owner, query);
	}

	/**
	 * Cancels a job: a queued one at once (it never starts), a running one within 2
	 * seconds, on whichever node runs it (until then it shows {@code cancel_requested}).
	 * @return the job after the request
	 * @throws JobNotFoundException if the user has no job with this id
	 * @throws JobAlreadyFinishedException if it has finished
	 */
	public Job cancel(UserId owner, JobId id) {
		Job job = get(owner, id);
		if (job.status() == JobStatus.QUEUED && this.store.cancelQueued(id,
				JsonNodeFactory.instance.objectNode().put("status", JobStatus.CANCELLED.label()),
				this.clock.instant())) {
			this.execution.unschedule(job);
			this.signals.signal();
			Job cancelled = get(owner, id);
			this.events.publishEvent(new JobFinished(cancelled));
			return cancelled;
		}
		// it started meanwhile, or was running
		if (!this.store.requestCancel(id)) {
			throw new JobAlreadyFinishedException(get(owner, id).status());
		}
		this.execution.cancel(id);
		return get(owner, id);
	}

	/**
	 * Follows a job's events from now, or from after an event the caller has already
	 * seen.
	 * @param lastEventId the last event the caller saw (an event stream's
	 * {@code Last-Event-ID}), or null to start with the job's current state
	 * @throws JobNotFoundException if the user has no job with this id
	 */
	public JobFeed follow(UserId owner, JobId id, @Nullable Long lastEventId) {
		Job job = get(owner, id);
		return new JobFeed(job, lastEventId, this.store, this.signals, this.properties.eventPollInterval());
	}

	/** How long an event stream may stay open. */
	public Duration streamTimeout() {
		return this.properties.streamTimeout();
	}

}
