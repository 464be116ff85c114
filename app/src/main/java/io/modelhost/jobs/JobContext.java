package io.modelhost.jobs;

import io.modelhost.accounts.UserId;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link JobHandler} reports to while it runs, and asks whether to stop. Belongs
 * to one job; its methods are meant for the handler's thread (the reporting methods are
 * thread-safe, so a handler's own worker threads may report too). Progress is stored at
 * most a few times a second; stage changes and events are stored at once, in the order
 * reported, and reach the job's event stream in that order.
 */
public interface JobContext {

	/** The job being run. */
	JobId jobId();

	/** Who submitted it. */
	UserId owner();

	/**
	 * How many CPU threads the handler may keep busy
	 * ({@code modelhost.jobs.kinds.<kind>.threads}, by default half the processors): the
	 * cap on a training library's {@code nthread}, a pool's parallelism, and the like.
	 */
	int threads();

	/**
	 * How far the job is.
	 * @param fraction 0..1
	 * @throws IllegalArgumentException if it is outside 0..1
	 */
	void progress(double fraction);

	/**
	 * How far the job is, and what it is doing now.
	 * @param fraction 0..1
	 * @param stage a few words, e.g. "cross-validating xgboost (3/12)"; at most 200
	 * characters
	 * @throws IllegalArgumentException if the fraction is outside 0..1
	 */
	void progress(double fraction, String stage);

	/** What the job is doing now, in a few words (at most 200 characters). */
	void stage(String stage);

	/**
	 * An intermediate result the job's followers see as it happens, e.g. a
	 * {@code candidate} that finished with its metrics.
	 * @param name the event's name: lower-case letters, digits, dashes and dots, not one
	 * of {@code state}, {@code status}, {@code progress}, {@code done}, {@code failed},
	 * {@code cancelled}
	 * @param data the event's payload, stored with the job
	 * @throws IllegalArgumentException for a reserved or malformed name
	 */
	void event(String name, JsonNode data);

	/**
	 * Whether the job should stop: its owner cancelled it, or this node is shutting down.
	 * Cheap (a volatile read): poll it often.
	 */
	boolean cancelled();

	/**
	 * Stops the handler if the job should stop.
	 * @throws JobCancelledException if {@link #cancelled()}
	 */
	void throwIfCancelled();

}
