package io.modelhost.runtime.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of model work (an admission, a load) on a thread of its own and waits for
 * it no longer than a deadline. Past the deadline the caller is refused with
 * {@link ModelRejectedException.Kind#TIMED_OUT}, the thread is interrupted, and whatever
 * the work produces when it does finish is handed to a discard action, so that nothing it
 * made outlives the refusal.
 *
 * <p>
 * A Java thread cannot be killed: in-process engines that ignore interruption keep their
 * thread, and its CPU, until they return. Engines that run untrusted code run in a worker
 * process, which kills the work itself at the same deadline. Thread-safe.
 */
public final class TimeBox {

	private static final Logger log = LoggerFactory.getLogger(TimeBox.class);

	private final Duration limit;

	private final ThreadFactory threads;

	/**
	 * @param limit how long one piece of work may take
	 * @param name the prefix of the threads' names
	 */
	public TimeBox(Duration limit, String name) {
		if (limit.isNegative() || limit.isZero()) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		this.limit = limit;
		this.threads = Thread.ofPlatform().daemon().name(name + "-", 0).factory();
	}

	public Duration limit() {
		return this.limit;
	}

	/**
	 * Runs the work and returns its result.
	 * @param phase the phase to name when the deadline passes
	 * @param subject what the work is, for the refusal (e.g. "checking and loading the
	 * model")
	 * @param work the work; its exceptions reach the caller as they are
	 * @param discard receives the result of work that finished after the caller was
	 * refused
	 * @throws ModelRejectedException of kind TIMED_OUT past the deadline
	 */
	public <T> T run(Phase phase, String subject, Callable<T> work, Consumer<? super T> discard) {
		var result = new CompletableFuture<T>();
		Thread thread = this.threads.newThread(() -> {
			try {
				result.complete(work.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		thread.start();
		try {
			return result.get(this.limit.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			abandon(thread, result, discard);
			throw ModelRejectedException.timedOut(phase,
					subject + " took longer than " + seconds(this.limit) + ": it was stopped and nothing was kept");
		}
		catch (InterruptedException ex) {
			abandon(thread, result, discard);
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while " + subject, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(subject + " failed", ex.getCause());
		}
	}

	private static <T> void abandon(Thread thread, CompletableFuture<T> result, Consumer<? super T> discard) {
		log.warn("Abandoning {} past its deadline", thread.getName());
		thread.interrupt();
		result.thenAccept((late) -> {
			log.info("Abandoned {} finished; discarding what it made", thread.getName());
			discard.accept(late);
		});
	}

	private static String seconds(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

}
