package io.modelhost.quotas;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Where token buckets live: in this process, or in Redis, shared by every replica. */
sealed interface BucketStore {

	/** The bucket of this key, created with this configuration if it is new. */
	Bucket bucket(String key, BucketConfiguration configuration);

	/** Buckets in this process's memory: each replica counts on its own. */
	record Local() implements BucketStore {

		@Override
		public Bucket bucket(String key, BucketConfiguration configuration) {
			var builder = Bucket.builder();
			for (Bandwidth bandwidth : configuration.getBandwidths()) {
				builder.addLimit(bandwidth);
			}
			return builder.build();
		}

	}

	/**
	 * Buckets in Redis, updated by compare-and-swap: every replica charges the same
	 * bucket, at the cost of a Redis round trip per bucket charged. A bucket expires once
	 * it would be full again.
	 */
	final class Redis implements BucketStore {

		/** The prefix of every bucket's Redis key. */
		static final String PREFIX = "modelhost:quota:";

		private final LettuceConnectionFactory connections;

		private volatile @Nullable ProxyManager<String> proxies;

		Redis(LettuceConnectionFactory connections) {
			this.connections = connections;
		}

		@Override
		public Bucket bucket(String key, BucketConfiguration configuration) {
			return proxies().getProxy(PREFIX + key, () -> configuration);
		}

		/**
		 * Made on first use: the connection factory's client exists once it has started.
		 */
		private ProxyManager<String> proxies() {
			ProxyManager<String> current = this.proxies;
			if (current == null) {
				synchronized (this) {
					current = this.proxies;
					if (current == null) {
						RedisClient client = (RedisClient) this.connections.getNativeClient();
						current = Bucket4jLettuce.casBasedBuilder(client)
							.expirationAfterWrite(ExpirationAfterWriteStrategy
								.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
							.build()
							.withMapper((String name) -> name.getBytes(StandardCharsets.UTF_8));
						this.proxies = current;
					}
				}
			}
			return current;
		}

	}

}
