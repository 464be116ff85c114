package io.modelhost.engine.djl;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoopTranslator;

/**
 * DJL predictors for one model, lent to one caller at a time.
 *
 * <p>
 * A DJL {@link Predictor} is not thread-safe, while the TorchScript module behind it may
 * run on many threads at once. Callers run on virtual threads, so a predictor per thread
 * ({@code ThreadLocal}) would make one per request: instead predictors are created on
 * demand up to {@code capacity} and handed back after each use; a caller that finds none
 * free waits for one. Thread-safe.
 */
final class PredictorPool implements AutoCloseable {

	private final Model model;

	private final int capacity;

	/** Predictors not lent out; never more than {@link #capacity}. */
	private final BlockingQueue<Predictor<NDList, NDList>> idle;

	/** Every predictor created, lent or not, to close them all. */
	private final List<Predictor<NDList, NDList>> created = new CopyOnWriteArrayList<>();

	/** How many predictors exist or are being created; never more than capacity. */
	private final AtomicInteger count = new AtomicInteger();

	PredictorPool(Model model, int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
		}
		this.model = model;
		this.capacity = capacity;
		this.idle = new ArrayBlockingQueue<>(capacity);
	}

	/**
	 * A predictor for the caller alone, until it {@link #release releases} it.
	 * @throws InterruptedException if interrupted while waiting for a free predictor
	 */
	Predictor<NDList, NDList> borrow() throws InterruptedException {
		Predictor<NDList, NDList> predictor = this.idle.poll();
		if (predictor != null) {
			return predictor;
		}
		for (int existing = this.count.get(); existing < this.capacity; existing = this.count.get()) {
			if (this.count.compareAndSet(existing, existing + 1)) {
				try {
					predictor = this.model.newPredictor(new NoopTranslator());
				}
				catch (RuntimeException ex) {
					this.count.decrementAndGet();
					throw ex;
				}
				this.created.add(predictor);
				return predictor;
			}
		}
		return this.idle.take();
	}

	/** Takes back a predictor that {@link #borrow} lent. */
	void release(Predictor<NDList, NDList> predictor) {
		if (!this.idle.offer(predictor)) {
			throw new IllegalStateException("more predictors released than lent");
		}
	}

	/** Closes every predictor; none may be lent out any more. */
	@Override
	public void close() {
		this.created.forEach(Predictor::close);
	}

}
