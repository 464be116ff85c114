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
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;

import org.springframework.stereotype.Service;

/**
 * Charges requests to token buckets (Bucket4j, in this process or in Redis as
 * {@code modelhost.quotas.store} says): an API key's and its user's, or an anonymous
 * client address's. A request passes only if every bucket it is charged to has a token.
 */
@Service
public class Quotas {

	private final QuotaProperties properties;

	private final ApiKeys apiKeys;

	/** Buckets by "key:", "user:" or "address:" plus the id; idle buckets are dropped. */
	private final Cache<String, Metered> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(30))
		.build();

	private final BucketStore store;

	Quotas(QuotaProperties properties, ApiKeys apiKeys, BucketStore store) {
		this.properties = properties;
		this.apiKeys = apiKeys;
		this.store = store;
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
		return charge(charged);
	}

	/** Charges an anonymous request to its client address. */
	public Decision chargeAnonymous(String address) {
		return charge(List.of(bucket("address:" + address, "address", this.properties.anonymous())));
	}

	private Decision charge(List<Metered> charged) {
		var states = new ArrayList<Decision.State>();
		var taken = new ArrayList<Metered>();
		for (Metered metered : charged) {
			ConsumptionProbe probe = metered.bucket().tryConsumeAndReturnRemaining(1);
			states.add(new Decision.State(metered.policy(), metered.limit(), probe.getRemainingTokens(),
					probe.getNanosToWaitForRefill(), secondsToFull(metered, probe.getRemainingTokens())));
			if (!probe.isConsumed()) {
				// give back what this request took from the buckets before it
				taken.forEach((t) -> t.bucket().addTokens(1));
				return new Decision(false, states);
			}
			taken.add(metered);
		}
		return new Decision(true, states);
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
	 * @param allowed whether every bucket had a token
	 * @param states one per bucket charged, in order
	 */
	public record Decision(boolean allowed, List<State> states) {

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
