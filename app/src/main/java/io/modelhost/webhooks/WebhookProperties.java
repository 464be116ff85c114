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
 * @param timeout the longest one attempt may take, connecting, sending and waiting for
 * the answer's status (default 10s)
 * @param connectTimeout the longest wait for a connection to one of the URL's addresses
 * (default 3s)
 * @param pollInterval how often due deliveries are looked for (default 1s)
 * @param queueCapacity prediction events waiting in memory to be stored; beyond it they
 * are dropped and counted in {@code modelhost.webhooks.dropped} (default 10000)
 * @param maxConcurrentDeliveries attempts in flight at once, all owners together (default
 * 32)
 * @param maxConcurrentDeliveriesPerOwner attempts in flight at once for one owner's
 * webhooks, so that one owner's slow receivers cannot take every slot (default 4)
 * @param maxWebhooksPerUser webhooks one user may have (default 20)
 */
@ConfigurationProperties("modelhost.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateAddresses, @DefaultValue("6") int attempts,
		@DefaultValue("10s") Duration retryDelay, @DefaultValue("1h") Duration maxRetryDelay,
		@DefaultValue("10s") Duration timeout, @DefaultValue("3s") Duration connectTimeout,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("10000") int queueCapacity,
		@DefaultValue("32") int maxConcurrentDeliveries, @DefaultValue("4") int maxConcurrentDeliveriesPerOwner,
		@DefaultValue("20") int maxWebhooksPerUser) {

	public WebhookProperties {
		if (attempts < 1 || attempts > 20) {
			throw new IllegalArgumentException("attempts must be in 1..20 but was " + attempts);
		}
		if (!retryDelay.isPositive() || maxRetryDelay.compareTo(retryDelay) < 0) {
			throw new IllegalArgumentException("retryDelay must be positive and at most maxRetryDelay");
		}
		if (!timeout.isPositive() || !connectTimeout.isPositive() || !pollInterval.isPositive() || queueCapacity < 1) {
			throw new IllegalArgumentException(
					"timeout, connectTimeout, pollInterval and queueCapacity must be positive");
		}
		if (maxConcurrentDeliveries < 1 || maxConcurrentDeliveriesPerOwner < 1
				|| maxConcurrentDeliveriesPerOwner > maxConcurrentDeliveries) {
			throw new IllegalArgumentException("maxConcurrentDeliveriesPerOwner must be in 1..maxConcurrentDeliveries ("
					+ maxConcurrentDeliveries + ") but was " + maxConcurrentDeliveriesPerOwner);
		}
		if (maxWebhooksPerUser < 1) {
			throw new IllegalArgumentException("maxWebhooksPerUser must be >= 1 but was " + maxWebhooksPerUser);
		}
	}

	/** The wait after a failed attempt before the next. */
	public Duration delayAfter(int attempt) {
		Duration delay = this.retryDelay.multipliedBy(1L << Math.min(attempt - 1, 30));
		return (delay.compareTo(this.maxRetryDelay) > 0) ? this.maxRetryDelay : delay;
	}

}
