package io.modelhost.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.modelhost.usage.internal.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Records every prediction request. Records wait in a bounded buffer and one writer
 * thread stores them in batches, so recording costs the request path a queue offer.
 * Nothing acknowledged is dropped: a full buffer makes the request write its own record,
 * a failed write is retried, and shutdown (after serving has drained) writes what is
 * left. If the process is killed, at most the records of the last flush interval are
 * lost.
 */
@Service
public class UsageLedger implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UsageLedger.class);

	private final UsageStore store;

	private final UsageProperties properties;

	private final BlockingQueue<UsageRecord> buffer;

	/**
	 * Held while the writer collects and writes a batch, so that a flush waits for the
	 * writer's batch too.
	 */
	private final ReentrantLock writing = new ReentrantLock();

	private volatile boolean running;

	private Thread writer;

	private final ApplicationEventPublisher events;

	UsageLedger(UsageStore store, UsageProperties properties, ApplicationEventPublisher events) {
		this.store = store;
		this.events = events;
		this.properties = properties;
		this.buffer = new ArrayBlockingQueue<>(properties.bufferCapacity());
	}

	/**
	 * Records a request, then publishes {@link PredictionRecorded}; returns at once
	 * unless the buffer is full.
	 */
	public void record(UsageRecord record) {
		if (!this.buffer.offer(record)) {
			writeWithRetries(List.of(record));
		}
		this.events.publishEvent(new PredictionRecorded(record));
	}

	/** Writes everything recorded so far before returning. */
	public void flush() {
		this.writing.lock();
		try {
			var batch = new ArrayList<UsageRecord>();
			while (this.buffer.drainTo(batch, this.properties.batchSize()) > 0) {
				writeWithRetries(batch);
				batch.clear();
			}
		}
		finally {
			this.writing.unlock();
		}
	}

	/**
	 * Writes a batch when it is full or when its first record has waited the flush
	 * interval, whichever comes first.
	 */
	private void run() {
		var batch = new ArrayList<UsageRecord>(this.properties.batchSize());
		long interval = this.properties.flushInterval().toNanos();
		while (this.running) {
			try {
				UsageRecord first = this.buffer.poll(interval, TimeUnit.NANOSECONDS);
				if (first == null) {
					continue;
				}
				// a flush waits for the batch in hand: hold the lock from its first
				// record
				this.writing.lock();
				try {
					batch.add(first);
					long deadline = System.nanoTime() + interval;
					while (batch.size() < this.properties.batchSize() && this.running) {
						UsageRecord next = this.buffer.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
						if (next == null) {
							break;
						}
						batch.add(next);
						this.buffer.drainTo(batch, this.properties.batchSize() - batch.size());
					}
					writeWithRetries(batch);
				}
				finally {
					batch.clear();
					this.writing.unlock();
				}
			}
			catch (InterruptedException ex) {
				// stopping: what is in hand goes back to be written by the final flush
				this.buffer.addAll(batch);
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.buffer.addAll(batch);
	}

	private void writeWithRetries(List<UsageRecord> batch) {
		for (int attempt = 1;; attempt++) {
			try {
				this.store.insert(batch);
				return;
			}
			catch (RuntimeException ex) {
				if (attempt == 5) {
					log.error("Could not store {} usage records after {} attempts; they follow: {}", batch.size(),
							attempt, batch, ex);
					return;
				}
				log.warn("Storing usage records failed (attempt {}), retrying: {}", attempt, ex.toString());
				sleep(100L << attempt);
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.writer = Thread.ofPlatform().daemon().name("usage-writer").start(this::run);
	}

	/** Stops after serving has drained and the web server has finished its requests. */
	@Override
	public void stop() {
		// no interrupt: an interrupted JDBC write can close the database's file channel;
		// the writer sees the flag within one flush interval and writes what it holds
		this.running = false;
		try {
			this.writer.join(this.properties.flushInterval().toMillis() * 5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		flush();
		log.info("Usage records written");
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Lower than the web server's graceful shutdown: stops after it. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
