package io.modelhost.quotas;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Chooses where token buckets live ({@code modelhost.quotas.store}), and makes the Redis
 * client fail fast while Redis is away: commands are refused at once while the connection
 * is down (Lettuce would otherwise queue them until the command timeout, and every
 * request with them), and the connection is retried at least every second, so that quotas
 * count again within a second or so of Redis coming back.
 */
@Configuration(proxyBeanMethods = false)
class BucketStores {

	/** The longest wait between two attempts to reconnect to Redis. */
	static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

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

	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Bean
	ClientResourcesBuilderCustomizer reconnectEverySecond() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
	}

}
