package io.modelhost.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.jobs.internal.JobSignals;
import io.modelhost.jobs.internal.JobStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One follower's view of a job's events, read in order until the final one. Without a
 * last event id, the first batch is the job's {@code state} followed by the handler's own
 * events so far (progress and status are in the state), so that a late follower can
 * rebuild, say, a leaderboard; with one, every event after it. Events written on this
 * node arrive at once; those of a job running on another node within
 * {@code event-poll-interval}. Not thread-safe: one follower, one thread.
 */
public final class JobFeed {

	private final Job job;

	private final JobStore store;

	private final JobSignals signals;

	private final Duration pollInterval;

	/** The last event handed out; −1 until the state is. */
	private long after;

	private boolean finished;

	JobFeed(Job job, @Nullable Long lastEventId, JobStore store, JobSignals signals, Duration pollInterval) {
		this.job = job;
		this.store = store;
		this.signals = signals;
		this.pollInterval = pollInterval;
		this.after = (lastEventId != null) ? Math.max(0, lastEventId) : -1;
	}

	/** The job followed, as it was when following began. */
	public Job job() {
		return this.job;
	}

	/** Whether the final event was handed out, or this node is shutting down. */
	public boolean finished() {
		return this.finished;
	}

	/**
	 * The next events, waiting up to the given time for some; empty if none came (or the
	 * node is shutting down, see {@link #finished()}).
	 */
	public List<JobEvent> next(Duration wait) throws InterruptedException {
		if (this.finished) {
			return List.of();
		}
		if (this.after < 0) {
			return start();
		}
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			long generation = this.signals.generation();
			List<JobEvent> events = read();
			if (!events.isEmpty() || this.finished) {
				return events;
			}
			if (this.signals.closed()) {
				this.finished = true;
				return List.of();
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return List.of();
			}
			this.signals.await(generation, Duration.ofNanos(Math.min(left, this.pollInterval.toNanos())));
		}
	}

	private List<JobEvent> start() {
		// the last number first, then the job: the state is at least as new as the
		// events it stands for
		long last = this.store.lastSequence(this.job.id());
		Job current = this.store.find(this.job.id()).orElse(this.job);
		var batch = new ArrayList<JobEvent>();
		batch.add(new JobEvent(last, JobEvent.STATE, state(current), current.createdAt()));
		for (JobEvent event : this.store.events(this.job.id(), 0)) {
			if (event.sequence() > last) {
				break;
			}
			if (!JobEvent.PROGRESS.equals(event.name()) && !JobEvent.STATUS.equals(event.name())) {
				batch.add(event);
				this.finished |= event.isFinal();
			}
		}
		this.after = last;
		return batch;
	}

	private List<JobEvent> read() {
		List<JobEvent> events = this.store.events(this.job.id(), this.after);
		var batch = new ArrayList<JobEvent>();
		for (JobEvent event : events) {
			batch.add(event);
			this.after = event.sequence();
			if (event.isFinal()) {
				this.finished = true;
				break;
			}
		}
		return batch;
	}

	private static ObjectNode state(Job job) {
		ObjectNode state = JsonNodeFactory.instance.objectNode()
			.put("id", job.id().value())
			.put("kind", job.kind().name())
			.put("status", job.status().label())
			.put("progress", job.progress());
		if (job.stage() != null) {
			state.put("stage", job.stage());
		}
		if (job.error() != null) {
			state.put("error", job.error());
		}
		state.put("cancel_requested", job.cancelRequested());
		return state;
	}

}
