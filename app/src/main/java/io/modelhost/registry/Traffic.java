package io.modelhost.registry;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * How a model's endpoint splits its requests: production takes
 * {@code 100 - canaryPercent} percent and a canary version the rest; a shadow version
 * scores a copy of each request off the answer path, its answers never returned. Without
 * a split, production takes every request.
 *
 * @param canaryVersion the canary, or null for none
 * @param canaryPercent the share of requests it takes, 1 to 99 (0 without a canary)
 * @param shadowVersion the shadow, or null for none
 * @param sticky whether a request goes by its API key (or, without one, its user) rather
 * than at random, so that one client always reaches the same version
 * @param updatedAt when the split was set
 */
public record Traffic(@Nullable Integer canaryVersion, int canaryPercent, @Nullable Integer shadowVersion,
		boolean sticky, Instant updatedAt) {

	/** The {@code sticky} value that routes by API key. */
	public static final String STICKY_API_KEY = "api_key";

	public Traffic {
		if ((canaryVersion == null) ? canaryPercent != 0 : (canaryPercent < 1 || canaryPercent > 99)) {
			throw new IllegalArgumentException("a canary takes 1 to 99 percent, none 0; was " + canaryPercent);
		}
	}

	/** The share of requests production takes. */
	public int productionPercent() {
		return 100 - this.canaryPercent;
	}

	/**
	 * Where one request goes: the canary's version, or null for production.
	 * @param stickyKey what a sticky split goes by (the API key's id, or the user's)
	 */
	public @Nullable Integer route(String stickyKey) {
		if (this.canaryVersion == null) {
			return null;
		}
		int bucket = this.sticky ? bucket(stickyKey) : ThreadLocalRandom.current().nextInt(100);
		return (bucket < this.canaryPercent) ? this.canaryVersion : null;
	}

	/**
	 * The key's place in 0..99, the same on every replica and every run: its hash, mixed
	 * (murmur3's finalizer) so that similar keys spread evenly.
	 */
	static int bucket(String key) {
		int h = key.hashCode();
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return Math.floorMod(h, 100);
	}

}
