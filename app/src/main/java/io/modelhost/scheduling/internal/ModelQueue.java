package io.modelhost.scheduling.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.runtime.ModelLease;
import io.modelhost.scheduling.DeadlineExceededException;
import io.modelhost.scheduling.ModelSettings;
import io.modelhost.scheduling.Outcome;
import io.modelhost.scheduling.QueueFullException;
import io.modelhost.scheduling.ShuttingDownException;
import org.jspecify.annotations.Nullable;

/**
 * One model's bounded queue and its workers, in the spirit of OkHttp's
 * {@code Dispatcher}: a request is refused at once when the queue is full; up to
 * {@code workers} platform threads (inference is CPU-bound native code that would pin
 * virtual threads' carriers) take requests, stacking compatible ones into a batch; a
 * worker that stays idle exits.
 */
public final class ModelQueue {

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported()
			&& THREADS.isThreadCpuTimeEnabled();

	private final String name;

	private final ModelSettings settings;

	private final Supplier<ModelLease> model;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled when a request is queued, the queue closes, or work finishes. */
	private final Condition changed = this.lock.newCondition();

	// Guarded by lock: the waiting requests, the worker threads alive and idle among
	// them,
	// the requests running now, and whether new requests are refused.
	private final ArrayDeque<Job> waiting = new ArrayDeque<>();

	private int workers;

	private int idle;

	private int running;

	private boolean closed;

	/**
	 * CPU time the workers spent running this model's predictions (engine calls, stacking
	 * and splitting batches; not loading), in nanoseconds; only grows.
	 */
	private final LongAdder cpuNanos = new LongAdder();

	public ModelQueue(String name, ModelSettings settings, Supplier<ModelLease> model) {
		this.name = name;
		this.settings = settings;
		this.model = model;
	}

	public ModelSettings settings() {
		return this.settings;
	}

	/**
	 * Queues a request.
	 * @throws QueueFullException if the queue holds its capacity already
	 * @throws ShuttingDownException if the queue is closed
	 */
	public CompletableFuture<Outcome> submit(ModelInput input, long deadlineNanos) {
		var job = new Job(input, Batches.compatibility(input), System.nanoTime(), deadlineNanos);
		this.lock.lock();
		try {
			if (this.closed) {
				throw new ShuttingDownException();
			}
			if (this.waiting.size() >= this.settings.queueCapacity()) {
				throw new QueueFullException(this.settings.queueCapacity());
			}
			this.waiting.add(job);
			if (this.idle == 0 && this.workers < this.settings.workers()) {
				this.workers++;
				Thread.ofPlatform().daemon().name("model-" + this.name + "-" + this.workers).start(this::work);
			}
			else {
				this.changed.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
		return job.result;
	}

	/**
	 * Takes a request out of the queue if it has not started; its future is cancelled.
	 */
	public void cancel(CompletableFuture<Outcome> result) {
		this.lock.lock();
		try {
			this.waiting.removeIf((job) -> job.result == result);
		}
		finally {
			this.lock.unlock();
		}
		result.cancel(false);
	}

	/** Requests waiting now. */
	public int depth() {
		this.lock.lock();
		try {
			return this.waiting.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * CPU time spent in this model's predictions so far, in nanoseconds: measured on the
	 * worker thread around each batch, so native code the engine runs on that thread
	 * counts, threads the engine starts itself do not; 0 where the JVM cannot measure
	 * thread CPU time.
	 */
	public long cpuNanos() {
		return this.cpuNanos.sum();
	}

	/** Refuses new requests; those queued still run. */
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits until nothing is queued or running, at most until {@code deadlineNanos}. */
	public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
		this.lock.lock();
		try {
			while (!this.waiting.isEmpty() || this.running > 0) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				this.changed.awaitNanos(remaining);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void work() {
		try {
			List<Job> batch;
			while ((batch = nextBatch()) != null) {
				try {
					run(batch);
				}
				finally {
					finished(batch.size());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The next batch, or null when this worker should exit. */
	private @Nullable List<Job> nextBatch() throws InterruptedException {
		this.lock.lock();
		try {
			Job first = null;
			while (first == null) {
				while (this.waiting.isEmpty()) {
					if (this.closed || !idleWait()) {
						this.workers--;
						return null;
					}
				}
				first = live(this.waiting.poll());
			}
			var batch = new ArrayList<Job>();
			batch.add(first);
			int rows = first.rows();
			if (first.batchKey != null && this.settings.maxBatchSize() > 1) {
				long until = System.nanoTime() + this.settings.maxBatchDelay().toNanos();
				while (rows < this.settings.maxBatchSize()) {
					Job next = takeCompatible(first.batchKey, this.settings.maxBatchSize() - rows);
					if (next != null) {
						batch.add(next);
						rows += next.rows();
						continue;
					}
					long remaining = until - System.nanoTime();
					if (remaining <= 0 || this.closed) {
						break;
					}
					this.changed.awaitNanos(remaining);
				}
			}
			this.running += batch.size();
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits idle for work; false when the idle timeout passed with nothing to do. */
	private boolean idleWait() throws InterruptedException {
		this.idle++;
		try {
			return this.changed.await(IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !this.waiting.isEmpty();
		}
		finally {
			this.idle--;
		}
	}

	/**
	 * The job if it can still run; null (and failed) if its deadline passed or it was
	 * cancelled.
	 */
	private static @Nullable Job live(@Nullable Job job) {
		if (job == null || job.result.isDone()) {
			return null;
		}
		if (System.nanoTime() > job.deadlineNanos) {
			job.result.completeExceptionally(
					new DeadlineExceededException(Duration.ofNanos(job.deadlineNanos - job.enqueuedNanos)));
			return null;
		}
		return job;
	}

	private @Nullable Job takeCompatible(String key, int maxRows) {
		for (Iterator<Job> it = this.waiting.iterator(); it.hasNext();) {
			Job job = it.next();
			if (key.equals(job.batchKey) && job.rows() <= maxRows) {
				it.remove();
				Job alive = live(job);
				if (alive != null) {
					return alive;
				}
			}
		}
		return null;
	}

	private void finished(int jobs) {
		this.lock.lock();
		try {
			this.running -= jobs;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void run(List<Job> batch) {
		long started = System.nanoTime();
		try (ModelLease lease = this.model.get()) {
			// after the lease: a load is not the model's inference
			long cpuStarted = threadCpuNanos();
			try {
				runLeased(lease, batch, started);
			}
			finally {
				this.cpuNanos.add(Math.max(0, threadCpuNanos() - cpuStarted));
			}
		}
		catch (RuntimeException | Error ex) {
			batch.forEach((job) -> job.result.completeExceptionally(ex));
		}
	}

	/**
	 * This thread's CPU time: a clock_gettime system call on Linux, about a microsecond.
	 */
	private static long threadCpuNanos() {
		return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
	}

	private static void runLeased(ModelLease lease, List<Job> batch, long started) {
		if (batch.size() == 1) {
			runAlone(lease, batch.getFirst(), started);
			return;
		}
		Optional<List<Prediction>> parts;
		try {
			var inputs = batch.stream().map((job) -> (ModelInput.Tensors) job.input).toList();
			Prediction stacked = lease.model().predict(Batches.stack(inputs));
			parts = Batches.split(stacked, batch.stream().map(Job::rows).toList());
		}
		catch (InvalidInputException | PredictionFailedException ex) {
			parts = Optional.empty(); // run each alone, so that each gets its own
										// answer or error
		}
		if (parts.isEmpty()) {
			batch.forEach((job) -> runAlone(lease, job, started));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			Job job = batch.get(i);
			job.result.complete(new Outcome(parts.get().get(i), started - job.enqueuedNanos, batch.size()));
		}
	}

	private static void runAlone(ModelLease lease, Job job, long started) {
		try {
			job.result.complete(new Outcome(lease.model().predict(job.input), started - job.enqueuedNanos, 1));
		}
		catch (RuntimeException ex) {
			job.result.completeExceptionally(ex);
		}
	}

}
