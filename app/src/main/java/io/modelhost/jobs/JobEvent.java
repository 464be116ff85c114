package io.modelhost.jobs;

import java.time.Instant;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * One entry of a job's event log, in the order it happened: {@code status} (the job
 * started), {@code progress} (progress and stage), a handler's own events (e.g.
 * {@code candidate}), and one final {@code done}, {@code failed} or {@code cancelled}.
 *
 * @param sequence the entry's number within its job, from 1
 * @param name what happened
 * @param data its payload
 * @param at when
 */
public record JobEvent(long sequence, String name, JsonNode data, Instant at) {

	/** A job's first event on a stream: its state when the stream started. */
	public static final String STATE = "state";

	/** The job started running. */
	public static final String STATUS = "status";

	/** Progress and stage. */
	public static final String PROGRESS = "progress";

	/** The job succeeded; the data holds its result. */
	public static final String DONE = "done";

	/** The job failed; the data holds the error. */
	public static final String FAILED = "failed";

	/** The job was cancelled. */
	public static final String CANCELLED = "cancelled";

	/** Names a handler's own events may not take. */
	public static final Set<String> RESERVED = Set.of(STATE, STATUS, PROGRESS, DONE, FAILED, CANCELLED);

	/** Whether this is a job's last event. */
	public boolean isFinal() {
		return DONE.equals(this.name) || FAILED.equals(this.name) || CANCELLED.equals(this.name);
	}

}
