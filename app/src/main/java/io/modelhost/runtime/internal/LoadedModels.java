package io.modelhost.runtime.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.modelhost.engine.LoadedModel;
import io.modelhost.runtime.ModelLease;

/**
 * Loaded models by key, least recently used unloaded beyond a count. A model is closed
 * only when it has left the cache and its last lease is closed, so an unload never pulls
 * a model from under a running prediction. Concurrent requests for a model that is not
 * loaded wait for one load.
 */
public final class LoadedModels {

	private final Cache<String, Entry> cache;

	public LoadedModels(int maximum) {
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximum)
			.removalListener((String key, Entry entry, RemovalCause cause) -> {
				if (entry != null) {
					entry.release();
				}
			})
			.build();
	}

	/** A lease on the model under {@code key}, loaded with {@code loader} if absent. */
	public ModelLease lease(String key, Supplier<LoadedModel> loader) {
		while (true) {
			Entry entry = this.cache.get(key, (k) -> new Entry(loader.get()));
			if (entry.acquire()) {
				return new Lease(entry);
			}
			// closed between lookup and acquire: it has left the cache; look again
			this.cache.asMap().remove(key, entry);
		}
	}

	/**
	 * Puts a model loaded elsewhere (at upload) into the cache, replacing any under the
	 * key.
	 */
	public void put(String key, LoadedModel model) {
		this.cache.put(key, new Entry(model));
	}

	public void evict(String key) {
		this.cache.invalidate(key);
	}

	public boolean contains(String key) {
		return this.cache.getIfPresent(key) != null;
	}

	public long size() {
		this.cache.cleanUp();
		return this.cache.estimatedSize();
	}

	/** A loaded model and its users: the cache counts as one until it lets go. */
	private static final class Entry {

		private final LoadedModel model;

		private final AtomicInteger users = new AtomicInteger(1);

		Entry(LoadedModel model) {
			this.model = model;
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
				this.model.close();
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
			return this.entry.model;
		}

		@Override
		public void close() {
			if (this.open.compareAndSet(true, false)) {
				this.entry.release();
			}
		}

	}

}
