package io.modelhost.capture.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.capture.CaptureProperties;
import io.modelhost.capture.CapturedPrediction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes captured rows on a thread of its own, so that a prediction only ever offers a
 * row to a bounded buffer: when the buffer is full the row is dropped and counted
 * ({@code modelhost.capture.dropped}), and the prediction goes on as fast as ever.
 * Thread-safe.
 */
@Component
public class CaptureWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CaptureWriter.class);

	/** The most rows one write takes from the buffer. */
	private static final int BATCH = 500;

	private final BlockingQueue<CapturedPrediction> buffer;

	private final CaptureStore store;

	private final Counter dropped;

	private final Counter written;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	CaptureWriter(CaptureStore store, CaptureProperties properties, MeterRegistry meters) {
		this.store = store;
		this.buffer = new ArrayBlockingQueue<>(properties.bufferSize());
		this.dropped = Counter.builder("modelhost.capture.dropped")
			.description("Captured rows dropped because the capture buffer was full")
			.register(meters);
		this.written = Counter.builder("modelhost.capture.written")
			.description("Captured rows written")
			.register(meters);
	}

	/** Offers a row to the buffer, never waiting: a row that does not fit is dropped. */
	public void offer(CapturedPrediction row) {
		if (!this.buffer.offer(row)) {
			this.dropped.increment();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("capture-writer").daemon().start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread current = this.thread;
		if (current != null) {
			current.interrupt();
			try {
				current.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// what is left goes in before the database closes
		drain();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try {
				CapturedPrediction first = this.buffer.poll(1, TimeUnit.SECONDS);
				if (first == null) {
					continue;
				}
				var batch = new ArrayList<CapturedPrediction>(BATCH);
				batch.add(first);
				this.buffer.drainTo(batch, BATCH - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void drain() {
		var batch = new ArrayList<CapturedPrediction>(BATCH);
		while (this.buffer.drainTo(batch, BATCH) > 0) {
			write(batch);
			batch.clear();
		}
	}

	private void write(List<CapturedPrediction> batch) {
		// row by row: one row of a model deleted meanwhile (refused by its foreign key)
		// must not lose the others
		for (CapturedPrediction row : batch) {
			try {
				this.store.insert(row);
				this.written.increment();
			}
			catch (RuntimeException ex) {
				this.dropped.increment();
				log.debug("Captured row of model {} not stored: {}", row.modelId(), ex.toString());
			}
		}
	}

}
