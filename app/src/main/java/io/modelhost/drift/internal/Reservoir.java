package io.modelhost.drift.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} items of a stream of any length (Vitter's
 * algorithm R), so that a comparison reads a dataset of any size in bounded memory.
 * Seeded: the same data gives the same sample, and the same report. Not thread-safe.
 *
 * @param <T> the items
 */
public final class Reservoir<T> {

	private final int capacity;

	private final List<T> items;

	private final SplittableRandom random = new SplittableRandom(20_261_207L);

	private long seen;

	public Reservoir(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
		}
		this.capacity = capacity;
		this.items = new ArrayList<>(Math.min(capacity, 1024));
	}

	public void add(T item) {
		this.seen++;
		if (this.items.size() < this.capacity) {
			this.items.add(item);
			return;
		}
		long slot = this.random.nextLong(this.seen);
		if (slot < this.capacity) {
			this.items.set((int) slot, item);
		}
	}

	/** How many items were added. */
	public long seen() {
		return this.seen;
	}

	/** The sample, in no particular order. */
	public List<T> items() {
		return this.items;
	}

}
