package io.modelhost.webhooks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings.
 *
 * @param allowPrivateAddresses whether webhook URLs may point at loopback, link-local,
 * private, CGNAT or other non-public addresses (default false: an administrator's choice,
 * for receivers inside the network)
 * @param attempts how many times a delivery is tried before it fails (default 6)
 * @param retryDelay the wait before the second attempt; each further wait doubles
 * (default 10s)
 * @param maxRetryDelay the longest wait between attempts (default 1h)
 * @param timeout connect and answer timeout of one attempt (default 10s)
 * @param pollInterval how often due deliveries are looked for (default 1s)
 * @param queueCapacity prediction events waiting in memory to be stored; beyond it they
 * are dropped and counted in {@code modelhost.webhooks.dropped} (default 10000)
 */
@ConfigurationProperties("modelhost.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateAddresses, @DefaultValue("6") int attempts,
		@DefaultValue("10s") Duration retryDelay, @DefaultValue("1h") Duration maxRetryDelay,
		@DefaultValue("10s") Duration timeout, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("10000") int queueCapacity) {

	public WebhookProperties {
		if (attempts < 1 || attempts > 20) {
			throw new IllegalArgumentException("attempts must be in 1..20 but was " + attempts);
		}
		if (!retryDelay.isPositive() || maxRetryDelay.compareTo(retryDelay) < 0) {
			throw new IllegalArgumentException("retryDelay must be positive and at most maxRetryDelay");
		}
		if (!timeout.isPositive() || !pollInterval.isPositive() || queueCapacity < 1) {
			throw new IllegalArgumentException("timeout, pollInterval and queueCapacity must be positive");
		}
	}

	/** The wait after a failed attempt before the next. */
	public Duration delayAfter(int attempt) {
		Duration delay = this.retryDelay.multipliedBy(1L << Math.min(attempt - 1, 30));
		return (delay.compareTo(this.maxRetryDelay) > 0) ? this.maxRetryDelay : delay;
	}

}
