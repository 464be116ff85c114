package io.modelhost;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Answers read from the database, trusted for a while, and kept through an outage: an
 * answer younger than {@code ttl} is served as it is; an older one is read again, unless
 * the database is unavailable ({@link DatabaseAvailability}), in which case the last
 * answer is served as long as it is used at least once an hour. So a request whose answer
 * is cached never waits for, nor fails on, a database that is not there; an answer never
 * read fails as the database does.
 * <p>
 * Thread-safe; concurrent reads of one key load it once.
 *
 * @param <K> the key
 * @param <V> the answer (an {@code Optional} for "none")
 */
public final class LookupCache<K, V> {

	/** How long an unused answer is kept to serve through an outage. */
	private static final Duration KEPT = Duration.ofHours(1);

	private final DatabaseAvailability database;

	private final long ttlNanos;

	private final Cache<K, Answer<V>> answers;

	/**
	 * @param ttl how long an answer is trusted while the database is available
	 * @param maximumSize the most answers kept
	 */
	public LookupCache(DatabaseAvailability database, Duration ttl, long maximumSize) {
		this.database = database;
		this.ttlNanos = ttl.toNanos();
		this.answers = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(KEPT).build();
	}

	/**
	 * The answer for a key: cached if it is fresh or the database is unavailable, else
	 * loaded (once, for concurrent callers).
	 * @throws RuntimeException what {@code load} throws, unless the database is
	 * unreachable and an older answer is known
	 */
	public V get(K key, Function<? super K, ? extends V> load) {
		Answer<V> known = this.answers.getIfPresent(key);
		if (known != null && (fresh(known) || !this.database.available())) {
			return known.value();
		}
		return this.answers.asMap().compute(key, (k, current) -> {
			if (current != null && current != known && fresh(current)) {
				return current; // loaded by another caller meanwhile
			}
			try {
				return new Answer<>(load.apply(k), System.nanoTime());
			}
			catch (RuntimeException ex) {
				if (current != null && this.database.unreachable(ex)) {
					return current;
				}
				throw ex;
			}
		}).value();
	}

	/** Forgets one key's answer. */
	public void invalidate(K key) {
		this.answers.invalidate(key);
	}

	/** Forgets the answers of the keys that match. */
	public void invalidateIf(Predicate<? super K> keys) {
		this.answers.asMap().keySet().removeIf(keys);
	}

	/** Forgets every answer. */
	public void invalidateAll() {
		this.answers.invalidateAll();
	}

	private boolean fresh(Answer<V> answer) {
		return System.nanoTime() - answer.loadedAt() < this.ttlNanos;
	}

	private record Answer<V>(V value, long loadedAt) {

	}

}
