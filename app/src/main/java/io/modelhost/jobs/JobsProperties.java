package io.modelhost.jobs;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this node runs jobs.
 *
 * @param nodeName this node's name in the job records and db-scheduler's
 * {@code picked_by}; jobs left running under this name are failed when the node starts,
 * so two nodes must never share one (default the host name: set it when several nodes run
 * on one host)
 * @param kinds per kind of job, how this node runs it
 * @param defaultConcurrency jobs of one kind this node runs at once unless the kind says
 * otherwise (default 1: jobs are heavy, and the rest wait in the queue)
 * @param pollInterval how often each kind's scheduler looks for queued jobs that are due;
 * a job submitted on this node starts at once if a slot is free (default 2s)
 * @param heartbeatInterval how often a running job's node marks it alive (default 10s)
 * @param missedHeartbeats how many heartbeats a running job may miss before another node
 * takes its node for dead and fails the job (default 6: a minute)
 * @param cancelCheckInterval how often this node looks for cancel requests made on other
 * nodes for the jobs it runs (default 500ms)
 * @param interruptAfter how long after a cancel a handler that has not stopped has its
 * thread interrupted (default 1s)
 * @param eventPollInterval how often an event stream looks for events written on other
 * nodes (events of this node's jobs arrive at once; default 500ms)
 * @param streamTimeout the longest an event stream stays open; clients reconnect with
 * {@code Last-Event-ID} (default 30m)
 * @param maxUnfinishedPerUser queued and running jobs one user may have (default 20)
 */
@ConfigurationProperties("modelhost.jobs")
public record JobsProperties(@Nullable String nodeName, @DefaultValue Map<String, KindSettings> kinds,
		@DefaultValue("1") int defaultConcurrency, @DefaultValue("2s") Duration pollInterval,
		@DefaultValue("10s") Duration heartbeatInterval, @DefaultValue("6") int missedHeartbeats,
		@DefaultValue("500ms") Duration cancelCheckInterval, @DefaultValue("1s") Duration interruptAfter,
		@DefaultValue("500ms") Duration eventPollInterval, @DefaultValue("30m") Duration streamTimeout,
		@DefaultValue("20") int maxUnfinishedPerUser) {

	public JobsProperties {
		kinds = Map.copyOf(kinds);
		if (defaultConcurrency < 0) {
			throw new IllegalArgumentException("defaultConcurrency must be >= 0 but was " + defaultConcurrency);
		}
		if (!pollInterval.isPositive() || !heartbeatInterval.isPositive() || !cancelCheckInterval.isPositive()
				|| !interruptAfter.isPositive() || !eventPollInterval.isPositive() || !streamTimeout.isPositive()) {
			throw new IllegalArgumentException("the jobs' intervals and timeouts must be positive");
		}
		if (missedHeartbeats < 4) {
			throw new IllegalArgumentException(
					"missedHeartbeats must be >= 4 (db-scheduler's least) but was " + missedHeartbeats);
		}
		if (maxUnfinishedPerUser < 1) {
			throw new IllegalArgumentException("maxUnfinishedPerUser must be >= 1 but was " + maxUnfinishedPerUser);
		}
	}

	/** Jobs of a kind this node runs at once; 0 when it leaves them to other nodes. */
	public int concurrency(JobKind kind) {
		KindSettings settings = this.kinds.get(kind.name());
		return (settings != null && settings.concurrency() != null) ? settings.concurrency() : this.defaultConcurrency;
	}

	/** CPU threads one job of a kind may keep busy. */
	public int threads(JobKind kind) {
		KindSettings settings = this.kinds.get(kind.name());
		return (settings != null && settings.threads() != null) ? settings.threads()
				: Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

	/**
	 * How this node runs one kind of job.
	 *
	 * @param concurrency jobs of the kind this node runs at once; 0 leaves them to other
	 * nodes (default {@code default-concurrency})
	 * @param threads CPU threads one job may keep busy, passed to its handler (default
	 * half the processors, at least 1)
	 */
	public record KindSettings(@Nullable Integer concurrency, @Nullable Integer threads) {

		public KindSettings {
			if (concurrency != null && concurrency < 0) {
				throw new IllegalArgumentException("concurrency must be >= 0 but was " + concurrency);
			}
			if (threads != null && threads < 1) {
				throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
			}
		}

	}

}
