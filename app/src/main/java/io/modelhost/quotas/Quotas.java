package io.modelhost.quotas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Charges requests to token buckets (Bucket4j, in this process or in Redis as
 * {@code modelhost.quotas.store} says): an API key's and its user's, or an anonymous
 * client address's. A request passes only if every bucket it is charged to has a token.
 * While Redis cannot be reached, requests pass uncounted or are refused as
 * {@code modelhost.quotas.redis-unavailable} says, each such decision counted in
 * {@code modelhost.quotas.unavailable} (tag {@code decision}: {@code allowed} or
 * {@code refused}); the next request that reaches Redis counts again.
 */
@Service
public class Quotas {

	private static final Logger log = LoggerFactory.getLogger(Quotas.class);

	private final QuotaProperties properties;

	private final ApiKeys apiKeys;

	/** Buckets by "key:", "user:" or "address:" plus the id; idle buckets are dropped. */
	private final Cache<String, Metered> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(30))
		.build();

	private final BucketStore store;

	private final Counter allowedUncounted;

	private final Counter refusedUncounted;

	/** Whether the last charge could not reach the store: to log an outage once. */
	private volatile boolean storeDown;

	Quotas(QuotaProperties properties, ApiKeys apiKeys, BucketStore store, MeterRegistry meters) {
		this.properties = properties;
		this.apiKeys = apiKeys;
		this.store = store;
		String description = "Quota decisions made without the bucket store (Redis could not be reached)";
		this.allowedUncounted = Counter.builder("modelhost.quotas.unavailable")
			.description(description)
			.tag("decision", "allowed")
			.register(meters);
		this.refusedUncounted = Counter.builder("modelhost.quotas.unavailable")
			.description(description)
			.tag("decision", "refused")
			.register(meters);
	}

	public boolean enabled() {
		return this.properties.enabled();
	}

	/**
	 * Charges an authenticated caller's request: their key's bucket (if any) and their
	 * user's.
	 */
	public Decision charge(Caller caller) {
		var charged = new ArrayList<Metered>();
		if (caller.apiKeyId() != null) {
			QuotaProperties.Limit limit = this.apiKeys.quotaOf(caller.apiKeyId())
				.map((perMinute) -> new QuotaProperties.Limit(perMinute, Duration.ofMinutes(1)))
				.orElse(this.properties.perKey());
			charged.add(bucket("key:" + caller.apiKeyId(), "key", limit));
		}
		charged.add(bucket("user:" + caller.userId().value(), "user", this.properties.perUser()));
		return charge(charged, 1);
	}

	/**
	 * The most batch rows {@link #chargeRows} takes at once for this caller: the smallest
	 * of their row buckets' capacities.
	 */
	public int maxRowsAtOnce(Caller caller) {
		int most = this.properties.perUserBatch().requests();
		if (caller.apiKeyId() != null) {
			most = Math.min(most, this.properties.perKeyBatch().requests());
		}
		return most;
	}

	/**
	 * Charges rows of a batch prediction to the caller's row buckets (their key's, if
	 * any, and their user's), all or none.
	 * @param rows at most {@link #maxRowsAtOnce}
	 * @return 0 when charged (or quotas are off, or fail open), else how long to wait in
	 * nanoseconds before the buckets could hold them
	 */
	public long chargeRows(Caller caller, int rows) {
		if (!enabled()) {
			return 0;
		}
		var charged = new ArrayList<Metered>();
		if (caller.apiKeyId() != null) {
			charged.add(bucket("rows-key:" + caller.apiKeyId(), "key-batch-rows", this.properties.perKeyBatch()));
		}
		charged.add(bucket("rows-user:" + caller.userId().value(), "user-batch-rows", this.properties.perUserBatch()));
		Decision decision = charge(charged, rows);
		if (decision.allowed()) {
			return 0;
		}
		// the bucket that refused is the last one tried
		return Math.max(1, decision.states().isEmpty() ? 1_000_000_000L : decision.states().getLast().nanosToRefill());
	}

	/** Charges an anonymous request to its client address. */
	public Decision chargeAnonymous(String address) {
		return charge(List.of(bucket("address:" + address, "address", this.properties.anonymous())), 1);
	}

	/**
	 * Charges the buckets; a store that cannot be reached decides as configured. Only a
	 * shared store can fail: a local bucket's failure is a bug and is thrown.
	 */
	private Decision charge(List<Metered> charged, int tokens) {
		if (!(this.store instanceof BucketStore.Redis)) {
			return chargeBuckets(charged, tokens);
		}
		Decision decision;
		try {
			decision = chargeBuckets(charged, tokens);
		}
		catch (RuntimeException ex) {
			return storeUnavailable(ex);
		}
		if (this.storeDown) {
			this.storeDown = false;
			log.info("Redis reachable again: quotas are counted again");
		}
		return decision;
	}

	private Decision storeUnavailable(RuntimeException ex) {
		boolean open = this.properties.redisUnavailable() == QuotaProperties.RedisUnavailable.OPEN;
		if (!this.storeDown) {
			this.storeDown = true;
			log.warn(
					"Redis cannot be reached ({}): requests are {} until it is back "
							+ "(modelhost.quotas.redis-unavailable={}; counted in modelhost.quotas.unavailable)",
					ex.toString(), open ? "let through uncounted" : "refused with 503", open ? "open" : "closed");
		}
		(open ? this.allowedUncounted : this.refusedUncounted).increment();
		return new Decision(open, List.of(), true);
	}

	private Decision chargeBuckets(List<Metered> charged, int tokens) {
		var states = new ArrayList<Decision.State>();
		var taken = new ArrayList<Metered>();
		for (Metered metered : charged) {
			ConsumptionProbe probe = metered.bucket().tryConsumeAndReturnRemaining(tokens);
			states.add(new Decision.State(metered.policy(), metered.limit(), probe.getRemainingTokens(),
					probe.getNanosToWaitForRefill(), secondsToFull(metered, probe.getRemainingTokens())));
			if (!probe.isConsumed()) {
				// give back what this request took from the buckets before it
				taken.forEach((t) -> t.bucket().addTokens(tokens));
				return new Decision(false, states, false);
			}
			taken.add(metered);
		}
		return new Decision(true, states, false);
	}

	private Metered bucket(String key, String policy, QuotaProperties.Limit limit) {
		Metered metered = this.buckets.get(key, (k) -> new Metered(policy, limit, newBucket(key, limit)));
		if (!metered.limit().equals(limit)) {
			// the limit changed (configuration or a key's own quota): start afresh
			metered = new Metered(policy, limit, newBucket(key, limit));
			this.buckets.put(key, metered);
		}
		return metered;
	}

	/**
	 * A bucket named after its key and its limit, so that a changed limit starts a fresh
	 * bucket in a shared store too.
	 */
	private Bucket newBucket(String key, QuotaProperties.Limit limit) {
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(limit.requests())
				.refillGreedy(limit.requests(), limit.period())
				.build())
			.build();
		return this.store.bucket(key + ":" + limit.requests() + "/" + limit.period().toMillis(), configuration);
	}

	private static long secondsToFull(Metered metered, long remaining) {
		long missing = metered.limit().requests() - remaining;
		if (missing <= 0) {
			return 0;
		}
		double secondsPerToken = (double) metered.limit().period().toSeconds() / metered.limit().requests();
		return (long) Math.ceil(missing * secondsPerToken);
	}

	private record Metered(String policy, QuotaProperties.Limit limit, Bucket bucket) {

	}

	/**
	 * Whether a request may pass, and where the caller stands with each bucket charged.
	 *
	 * @param allowed whether every bucket had a token, or, with {@code storeUnavailable},
	 * whether quotas fail open
	 * @param states one per bucket charged, in order; none with {@code storeUnavailable}
	 * @param storeUnavailable whether the bucket store could not be reached, so that
	 * nothing was counted
	 */
	public record Decision(boolean allowed, List<State> states, boolean storeUnavailable) {

		/**
		 * One bucket.
		 *
		 * @param policy its name in the headers: {@code key}, {@code user} or
		 * {@code address}
		 * @param limit its quota
		 * @param remaining tokens left
		 * @param nanosToRefill for a refused request, how long until a token is back
		 * @param secondsToFull how long until the bucket is full again
		 */
		public record State(String policy, QuotaProperties.Limit limit, long remaining, long nanosToRefill,
				long secondsToFull) {

		}

	}

}
