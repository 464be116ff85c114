package io.modelhost.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.DatabaseAvailability;
import io.modelhost.usage.internal.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Records every prediction request. Records wait in a bounded buffer and one writer
 * thread stores them in batches, so recording costs the request path a queue offer.
 * Nothing acknowledged is dropped while the database answers: a full buffer makes the
 * request write its own record, a failed write is retried, and shutdown (after serving
 * has drained) writes what is left. If the process is killed, at most the records of the
 * last flush interval are lost.
 * <p>
 * While the database is unavailable ({@link DatabaseAvailability}) the writer holds its
 * batch and waits for it; records wait in the buffer and are written when it returns.
 * Once the buffer is full, further records are dropped, never failing the request: each
 * is counted in {@code modelhost.usage.lost}, and a log line says when dropping starts
 * and how many were lost once the database is back.
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

	private final DatabaseAvailability database;

	private final Counter lost;

	/** Records lost since the last log line that counted them. */
	private final AtomicLong lostUnreported = new AtomicLong();

	UsageLedger(UsageStore store, UsageProperties properties, ApplicationEventPublisher events,
			DatabaseAvailability database, MeterRegistry meters) {
		this.store = store;
		this.events = events;
		this.properties = properties;
		this.database = database;
		this.buffer = new ArrayBlockingQueue<>(properties.bufferCapacity());
		this.lost = Counter.builder("modelhost.usage.lost")
			.description("Usage records that could not be stored (the buffer was full while the database was "
					+ "unavailable, or writes kept failing)")
			.register(meters);
		Gauge.builder("modelhost.usage.pending", this.buffer, BlockingQueue::size)
			.description("Usage records waiting in memory to be written")
			.register(meters);
	}

	/**
	 * Records a request, then publishes {@link PredictionRecorded}; returns at once
	 * unless the buffer is full. Never fails for want of the database.
	 */
	public void record(UsageRecord record) {
		if (!this.buffer.offer(record)) {
			if (this.database.available()) {
				writeWithRetries(List.of(record), false);
			}
			else {
				lose(1);
			}
		}
		try {
			this.events.publishEvent(new PredictionRecorded(record));
		}
		catch (RuntimeException ex) {
			if (!this.database.unreachable(ex)) {
				throw ex;
			}
		}
	}

	private void lose(int records) {
		this.lost.increment(records);
		if (this.lostUnreported.getAndAdd(records) == 0) {
			log.warn("Usage records are being dropped: the buffer of {} is full and the database is unavailable "
					+ "(counted in modelhost.usage.lost)", this.properties.bufferCapacity());
		}
	}

	/** After a write: says how many records were lost since the last time it said so. */
	private void reportLost() {
		if (this.lostUnreported.get() > 0) {
			long count = this.lostUnreported.getAndSet(0);
			if (count > 0) {
				log.warn("{} usage records were lost while the database was unavailable", count);
			}
		}
	}

	/** Writes everything recorded so far before returning. */
	public void flush() {
		this.writing.lock();
		try {
			var batch = new ArrayList<UsageRecord>();
			while (this.buffer.drainTo(batch, this.properties.batchSize()) > 0) {
				writeWithRetries(batch, false);
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
					writeWithRetries(batch, true);
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

	/**
	 * Writes a batch, retrying a failure up to 5 times; while the database is
	 * unavailable, the writer ({@code waitForDatabase}) waits for it as long as the
	 * ledger runs, anyone else gives up at once.
	 */
	private void writeWithRetries(List<UsageRecord> batch, boolean waitForDatabase) {
		for (int attempt = 1;; attempt++) {
			try {
				this.store.insert(batch);
				reportLost();
				return;
			}
			catch (RuntimeException ex) {
				if (this.database.unreachable(ex)) {
					if (waitForDatabase && this.running && !Thread.currentThread().isInterrupted()) {
						awaitDatabase();
						attempt = 0;
						continue;
					}
					lose(batch.size());
					return;
				}
				if (attempt == 5) {
					log.error("Could not store {} usage records after {} attempts; they follow: {}", batch.size(),
							attempt, batch, ex);
					this.lost.increment(batch.size());
					return;
				}
				log.warn("Storing usage records failed (attempt {}), retrying: {}", attempt, ex.toString());
				sleep(100L << attempt);
			}
		}
	}

	private void awaitDatabase() {
		try {
			if (!this.database.awaitAvailable(Duration.ofSeconds(1))) {
				return;
			}
			// available again, or never marked unavailable: do not retry in a tight loop
			Thread.sleep(this.properties.flushInterval());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
		reportLost();
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
