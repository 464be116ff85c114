package io.modelhost.jobs;

import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life: queued, running, then one of three final states. */
public enum JobStatus {

	/** Stored and waiting for a free slot of its kind on some node. */
	QUEUED,

	/** A node's handler is working on it. */
	RUNNING,

	/** Finished with a result. */
	SUCCEEDED,

	/** Finished with an error: the handler's message, or the reason the node gave up. */
	FAILED,

	/** Stopped at its owner's request. */
	CANCELLED;

	/** Whether the job is over: nothing changes it any more. */
	public boolean finished() {
		return this != QUEUED && this != RUNNING;
	}

	/** The status as the API writes it: lower case. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status with this label, if any. */
	public static Optional<JobStatus> of(String label) {
		for (JobStatus status : values()) {
			if (status.label().equals(label)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
