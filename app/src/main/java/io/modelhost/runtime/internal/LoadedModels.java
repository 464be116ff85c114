package io.modelhost.runtime.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.modelhost.engine.LoadedModel;
import io.modelhost.runtime.InsufficientMemoryException;
import io.modelhost.runtime.MemoryFootprint;
import io.modelhost.runtime.ModelLease;

/**
 * Loaded models by key, the least recently used unloaded beyond a count or beyond a
 * memory budget (each model weighs what it was measured to hold).
 *
 * <p>
 * A model is closed only when it has left the cache and its last lease is closed, so an
 * unload never pulls a model from under a running prediction. Concurrent requests for a
 * model that is not loaded wait for a single load. Thread-safe; loads and closes run
 * outside the lock.
 */
public final class LoadedModels {

	private final int maximum;

	private final long budgetBytes;

	/**
	 * The first entry is the least recently leased: a lease moves its entry to the end;
	 * reading a footprint does not. Guarded by {@code this}.
	 */
	private final Map<String, CompletableFuture<Entry>> entries = new LinkedHashMap<>();

	public LoadedModels(int maximum, long budgetBytes) {
		if (maximum < 1) {
			throw new IllegalArgumentException("maximum must be >= 1 but was " + maximum);
		}
		if (budgetBytes < 1) {
			throw new IllegalArgumentException("budgetBytes must be >= 1 but was " + budgetBytes);
		}
		this.maximum = maximum;
		this.budgetBytes = budgetBytes;
	}

	/**
	 * A lease on the model under {@code key}, loaded with {@code loader} if absent, after
	 * unloading the least recently used models until {@code expectedBytes} fit.
	 * @throws InsufficientMemoryException if the model alone needs more than the budget
	 */
	public ModelLease lease(String key, long expectedBytes, Supplier<Loaded> loader) {
		if (expectedBytes > this.budgetBytes) {
			throw new InsufficientMemoryException(expectedBytes, this.budgetBytes);
		}
		while (true) {
			CompletableFuture<Entry> future;
			boolean loadHere = false;
			synchronized (this) {
				future = this.entries.remove(key);
				if (future == null) {
					future = new CompletableFuture<>();
					loadHere = true;
				}
				this.entries.put(key, future);
			}
			if (loadHere) {
				release(overflow(expectedBytes));
				load(key, future, loader);
			}
			Entry entry = join(future);
			if (entry.acquire()) {
				return new Lease(entry);
			}
			// closed between lookup and acquire: it has left the cache; look again
			synchronized (this) {
				this.entries.remove(key, future);
			}
		}
	}

	private void load(String key, CompletableFuture<Entry> future, Supplier<Loaded> loader) {
		try {
			Loaded loaded = loader.get();
			long weight = loaded.footprint().totalBytes();
			if (weight > this.budgetBytes) {
				loaded.model().close();
				throw new InsufficientMemoryException(weight, this.budgetBytes);
			}
			future.complete(new Entry(loaded));
		}
		catch (RuntimeException | Error ex) {
			synchronized (this) {
				this.entries.remove(key, future);
			}
			future.completeExceptionally(ex);
			throw ex;
		}
		release(overflow(0));
	}

	/**
	 * Puts a model loaded elsewhere (at upload) into the cache, replacing any under the
	 * key.
	 * @throws InsufficientMemoryException if the model alone needs more than the budget
	 */
	public void put(String key, Loaded model) {
		if (model.footprint().totalBytes() > this.budgetBytes) {
			throw new InsufficientMemoryException(model.footprint().totalBytes(), this.budgetBytes);
		}
		List<CompletableFuture<Entry>> removed = new ArrayList<>();
		synchronized (this) {
			CompletableFuture<Entry> previous = this.entries.put(key,
					CompletableFuture.completedFuture(new Entry(model)));
			if (previous != null) {
				removed.add(previous);
			}
		}
		release(removed);
		release(overflow(0));
	}

	/** Unloads the model under the key once its leases are closed. */
	public void evict(String key) {
		CompletableFuture<Entry> removed;
		synchronized (this) {
			removed = this.entries.remove(key);
		}
		if (removed != null) {
			release(List.of(removed));
		}
	}

	public synchronized boolean contains(String key) {
		CompletableFuture<Entry> future = this.entries.get(key);
		return future != null && future.isDone() && !future.isCompletedExceptionally();
	}

	/** The memory the model under the key was measured to hold, if it is loaded. */
	public synchronized java.util.Optional<MemoryFootprint> footprint(String key) {
		CompletableFuture<Entry> future = this.entries.get(key);
		if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(future.join().loaded.footprint());
	}

	public synchronized int size() {
		return this.entries.size();
	}

	/** Bytes the loaded models hold now. */
	public synchronized long heldBytes() {
		long held = 0;
		for (CompletableFuture<Entry> future : this.entries.values()) {
			if (future.isDone() && !future.isCompletedExceptionally()) {
				held += future.join().weight();
			}
		}
		return held;
	}

	/**
	 * Takes the least recently used loaded models out until the count is within the
	 * maximum and their memory, plus {@code reserve} more, within the budget. Models
	 * still loading are neither counted nor taken out.
	 */
	private synchronized List<CompletableFuture<Entry>> overflow(long reserve) {
		List<CompletableFuture<Entry>> removed = new ArrayList<>();
		long held = heldBytes();
		Iterator<CompletableFuture<Entry>> iterator = this.entries.values().iterator();
		while ((this.entries.size() > this.maximum || held + reserve > this.budgetBytes) && iterator.hasNext()) {
			CompletableFuture<Entry> candidate = iterator.next();
			if (candidate.isDone() && !candidate.isCompletedExceptionally()) {
				held -= candidate.join().weight();
				iterator.remove();
				removed.add(candidate);
			}
		}
		return removed;
	}

	/**
	 * Drops the cache's hold on each entry, once it is loaded (a failed load holds
	 * nothing).
	 */
	private static void release(List<CompletableFuture<Entry>> removed) {
		for (CompletableFuture<Entry> future : removed) {
			future.thenAccept(Entry::release);
		}
	}

	private static Entry join(CompletableFuture<Entry> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/**
	 * A loaded model with what it was measured to hold.
	 *
	 * @param model the model
	 * @param footprint its memory
	 */
	public record Loaded(LoadedModel model, MemoryFootprint footprint) {

	}

	/** A loaded model and its users: the cache counts as one until it lets go. */
	private static final class Entry {

		private final Loaded loaded;

		private final AtomicInteger users = new AtomicInteger(1);

		Entry(Loaded loaded) {
			this.loaded = loaded;
		}

		long weight() {
			return this.loaded.footprint().totalBytes();
		}

		boolean acquire() {
			while (true) {
				int current = this.users.get();
				if (current == 0) {
					return false;
				}
				if (this.users.compareAndSet(current, current + 1)) {
					return true;
				}
			}
		}

		void release() {
			if (this.users.decrementAndGet() == 0) {
				this.loaded.model().close();
			}
		}

	}

	private static final class Lease implements ModelLease {

		private final Entry entry;

		private final AtomicBoolean open = new AtomicBoolean(true);

		Lease(Entry entry) {
			this.entry = entry;
		}

		@Override
		public LoadedModel model() {
			return this.entry.loaded.model();
		}

		@Override
		public void close() {
			if (this.open.compareAndSet(true, false)) {
				this.entry.release();
			}
		}

	}

}
