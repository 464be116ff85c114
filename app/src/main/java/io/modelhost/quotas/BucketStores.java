package io.modelhost.quotas;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Chooses where token buckets live ({@code modelhost.quotas.store}). */
@Configuration(proxyBeanMethods = false)
class BucketStores {

	@Bean
	BucketStore bucketStore(QuotaProperties properties, ObjectProvider<LettuceConnectionFactory> redis) {
		return switch (properties.store()) {
			case LOCAL -> new BucketStore.Local();
			case REDIS -> new BucketStore.Redis(redis.getIfAvailable(() -> {
				throw new IllegalStateException(
						"modelhost.quotas.store=redis needs a Lettuce connection to Redis (spring.data.redis.*)");
			}));
		};
	}

}
