package io.modelhost.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How usage records are written.
 *
 * @param flushInterval the longest a record waits in memory before it is written (default
 * 200ms): at most this window of records is lost if the process is killed; a graceful
 * shutdown writes everything
 * @param batchSize the most records written in one batch (default 1000)
 * @param bufferCapacity the most records waiting in memory; beyond it, requests write
 * their own record before answering rather than drop it (default 100000)
 */
@ConfigurationProperties("modelhost.usage")
public record UsageProperties(@DefaultValue("200ms") Duration flushInterval, @DefaultValue("1000") int batchSize,
		@DefaultValue("100000") int bufferCapacity) {

	public UsageProperties {
		if (!flushInterval.isPositive()) {
			throw new IllegalArgumentException("flushInterval must be positive but was " + flushInterval);
		}
		if (batchSize < 1 || bufferCapacity < batchSize) {
			throw new IllegalArgumentException(
					"need 1 <= batchSize <= bufferCapacity but were " + batchSize + ", " + bufferCapacity);
		}
	}

}
