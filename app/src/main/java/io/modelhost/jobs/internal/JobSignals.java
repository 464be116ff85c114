package io.modelhost.jobs.internal;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Wakes this node's event streams when this node writes a job event, so that they answer
 * at once instead of at their next look at the database. One signal for all jobs: a woken
 * stream reads its own job's events, and the streams are few.
 */
@Component
public class JobSignals {

	private final Object monitor = new Object();

	/** Guarded by {@link #monitor}: bumped by every signal. */
	private long generation;

	/** Guarded by {@link #monitor}. */
	private boolean closed;

	/** Some job's events changed. */
	public void signal() {
		synchronized (this.monitor) {
			this.generation++;
			this.monitor.notifyAll();
		}
	}

	/** The node is shutting down: streams end. */
	public void close() {
		synchronized (this.monitor) {
			this.closed = true;
			this.monitor.notifyAll();
		}
	}

	public void open() {
		synchronized (this.monitor) {
			this.closed = false;
		}
	}

	public boolean closed() {
		synchronized (this.monitor) {
			return this.closed;
		}
	}

	/** The current generation, to wait for a later one. */
	public long generation() {
		synchronized (this.monitor) {
			return this.generation;
		}
	}

	/**
	 * Waits until a signal after the given generation, the node shuts down, or the time
	 * is up.
	 */
	public void await(long seen, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.generation == seen && !this.closed) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				this.monitor.wait(Math.max(1, left / 1_000_000));
			}
		}
	}

}
