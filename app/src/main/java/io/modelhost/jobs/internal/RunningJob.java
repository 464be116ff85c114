package io.modelhost.jobs.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

import io.modelhost.accounts.UserId;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobCancelledException;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobEvent;
import io.modelhost.jobs.JobId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One job while a handler runs it on this node: its context, its stop flag and the thread
 * to interrupt. Progress is written at most every {@link #PROGRESS_EVERY_MILLIS} (the
 * latest value is kept and written before the next stage change, event or the end, so
 * followers see events in the order they were reported and the last progress).
 */
final class RunningJob implements JobContext {

	static final long PROGRESS_EVERY_MILLIS = 250;

	private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9.-]{0,39}");

	private static final int MAX_STAGE = 200;

	/** Why a running job should stop. */
	enum Stop {

		/** Its owner cancelled it. */
		CANCEL,

		/** This node is shutting down. */
		SHUTDOWN,

		/**
		 * Its record says it no longer runs here (another node took this one for dead).
		 */
		LOST

	}

	private final Job job;

	private final int threads;

	private final JobStore store;

	private final JobSignals signals;

	private final Clock clock;

	/** The handler's thread, interrupted if it does not stop in time. */
	private final Thread thread;

	/**
	 * Held while writing to the database and while interrupting, so that an interrupt
	 * never lands inside this class's own JDBC calls (which would break the connection).
	 */
	private final Object lock = new Object();

	private volatile @Nullable Stop stop;

	/** Guarded by {@link #lock}. */
	private boolean ended;

	/** Guarded by {@link #lock}: the progress not written yet, or NaN. */
	private double pendingProgress = Double.NaN;

	/** Guarded by {@link #lock}. */
	private double progress;

	/** Guarded by {@link #lock}. */
	private @Nullable String stage;

	/** Guarded by {@link #lock}. */
	private long lastWrite;

	RunningJob(Job job, int threads, JobStore store, JobSignals signals, Clock clock, Thread thread) {
		this.job = job;
		this.threads = threads;
		this.store = store;
		this.signals = signals;
		this.clock = clock;
		this.thread = thread;
	}

	@Override
	public JobId jobId() {
		return this.job.id();
	}

	@Override
	public UserId owner() {
		return this.job.owner();
	}

	@Override
	public int threads() {
		return this.threads;
	}

	Job job() {
		return this.job;
	}

	@Override
	public void progress(double fraction) {
		checkFraction(fraction);
		synchronized (this.lock) {
			this.pendingProgress = fraction;
			if (this.clock.millis() - this.lastWrite >= PROGRESS_EVERY_MILLIS) {
				writeProgress();
			}
		}
	}

	@Override
	public void progress(double fraction, String stage) {
		checkFraction(fraction);
		synchronized (this.lock) {
			this.pendingProgress = fraction;
			this.stage = shortened(stage);
			writeProgress();
		}
	}

	@Override
	public void stage(String stage) {
		synchronized (this.lock) {
			this.stage = shortened(stage);
			if (Double.isNaN(this.pendingProgress)) {
				this.pendingProgress = this.progress;
			}
			writeProgress();
		}
	}

	@Override
	public void event(String name, JsonNode data) {
		if (!EVENT_NAME.matcher(name).matches() || JobEvent.RESERVED.contains(name)) {
			throw new IllegalArgumentException("an event name is lower-case letters, digits, dots and dashes, not one "
					+ "of " + JobEvent.RESERVED + ", but was '" + name + "'");
		}
		synchronized (this.lock) {
			flush();
			if (!this.ended) {
				this.store.append(this.job.id(), name, data, this.clock.instant());
			}
		}
		this.signals.signal();
	}

	@Override
	public boolean cancelled() {
		return this.stop != null;
	}

	@Override
	public void throwIfCancelled() {
		if (this.stop != null) {
			throw new JobCancelledException();
		}
	}

	/** Why the job should stop, if it should. */
	@Nullable Stop stop() {
		return this.stop;
	}

	/** Asks the handler to stop; the first reason given stays. */
	void stop(Stop reason) {
		if (this.stop == null) {
			this.stop = reason;
		}
	}

	/** Interrupts the handler's thread if the handler is still running. */
	void interrupt() {
		synchronized (this.lock) {
			if (!this.ended) {
				this.thread.interrupt();
			}
		}
	}

	/**
	 * Writes the pending progress and takes the reporting away from the handler: called
	 * on the handler's thread when {@code run} returned, before the final status is
	 * written. Clears an interrupt meant for the handler, so that the pool thread goes
	 * back clean.
	 */
	void end() {
		synchronized (this.lock) {
			flush();
			this.ended = true;
			Thread.interrupted();
		}
	}

	/** Guarded by {@link #lock}. */
	private void flush() {
		if (!Double.isNaN(this.pendingProgress)) {
			writeProgress();
		}
	}

	/** Guarded by {@link #lock}. */
	private void writeProgress() {
		if (this.ended) {
			return;
		}
		double value = Double.isNaN(this.pendingProgress) ? this.progress : this.pendingProgress;
		Instant now = this.clock.instant();
		ObjectNode data = JsonNodeFactory.instance.objectNode().put("progress", value);
		if (this.stage != null) {
			data.put("stage", this.stage);
		}
		this.store.progress(this.job.id(), value, this.stage, data, now);
		this.progress = value;
		this.pendingProgress = Double.NaN;
		this.lastWrite = now.toEpochMilli();
		this.signals.signal();
	}

	private static void checkFraction(double fraction) {
		if (!(fraction >= 0 && fraction <= 1)) {
			throw new IllegalArgumentException("progress must be in 0..1 but was " + fraction);
		}
	}

	private static String shortened(String stage) {
		String text = stage.strip();
		return (text.length() > MAX_STAGE) ? text.substring(0, MAX_STAGE - 1) + "…" : text;
	}

}
