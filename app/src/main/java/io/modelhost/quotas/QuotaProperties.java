package io.modelhost.quotas;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request quotas: token buckets of {@code requests} per {@code period}, refilled
 * continuously, with bursts up to the whole quota.
 *
 * @param enabled whether quotas apply (default true)
 * @param period the window every quota is counted over (default 1m)
 * @param perKeyRequests each API key's quota per period, unless the key has its own
 * (default 6000)
 * @param perUserRequests each user's quota per period over all their keys and tokens
 * (default 12000)
 * @param anonymousRequests each client address's quota per period for unauthenticated
 * requests such as login (default 120); the address is read as
 * {@link io.modelhost.web.ClientAddress} says, and an IPv6 client is counted with its
 * whole /64
 * @param store where the buckets live: {@code local} (default; each replica counts on its
 * own) or {@code redis} (shared by every replica; the postgres profile's choice)
 * @param redisUnavailable what a request gets while Redis cannot be reached (with
 * {@code store=redis}): {@code open} (default) lets it pass uncounted, {@code closed}
 * refuses it with 503 {@code quotas-unavailable}; docs/faults.md says why open is the
 * default
 * @param perKeyBatchRows rows an API key's batch predictions may score per period
 * (default 3,000,000): a batch job that would go beyond waits for the bucket to refill
 * @param perUserBatchRows rows a user's batch predictions may score per period over all
 * their keys and tokens (default 6,000,000)
 */
@ConfigurationProperties("modelhost.quotas")
public record QuotaProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration period,
		@DefaultValue("6000") int perKeyRequests, @DefaultValue("12000") int perUserRequests,
		@DefaultValue("120") int anonymousRequests, @DefaultValue("local") Store store,
		@DefaultValue("open") RedisUnavailable redisUnavailable, @DefaultValue("3000000") int perKeyBatchRows,
		@DefaultValue("6000000") int perUserBatchRows) {

	/** Where token buckets live. */
	public enum Store {

		LOCAL, REDIS

	}

	/** What quotas do while their shared store cannot be reached. */
	public enum RedisUnavailable {

		/** Requests pass uncounted: serving goes on, quotas do not hold meanwhile. */
		OPEN,

		/** Requests are refused with 503: quotas hold, serving stops meanwhile. */
		CLOSED

	}

	public QuotaProperties {
		new Limit(perKeyRequests, period);
		new Limit(perUserRequests, period);
		new Limit(anonymousRequests, period);
		new Limit(perKeyBatchRows, period);
		new Limit(perUserBatchRows, period);
	}

	public Limit perKey() {
		return new Limit(this.perKeyRequests, this.period);
	}

	public Limit perUser() {
		return new Limit(this.perUserRequests, this.period);
	}

	public Limit perKeyBatch() {
		return new Limit(this.perKeyBatchRows, this.period);
	}

	public Limit perUserBatch() {
		return new Limit(this.perUserBatchRows, this.period);
	}

	public Limit anonymous() {
		return new Limit(this.anonymousRequests, this.period);
	}

	/**
	 * A token bucket: {@code requests} per {@code period}, refilled continuously, with
	 * bursts up to {@code requests}.
	 *
	 * @param requests requests allowed per period
	 * @param period the window
	 */
	public record Limit(int requests, Duration period) {

		public Limit {
			if (requests < 1) {
				throw new IllegalArgumentException("requests must be >= 1 but was " + requests);
			}
			if (!period.isPositive()) {
				throw new IllegalArgumentException("period must be positive but was " + period);
			}
		}

	}

}
