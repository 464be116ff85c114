package io.modelhost.jobs.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobHandler;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobKind;
import io.modelhost.jobs.JobsProperties;
import io.modelhost.jobs.NodeProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs jobs through db-scheduler: one one-time task per kind ({@code job-<kind>}, the
 * instance id being the job's id) and, for each kind this node runs, one db-scheduler
 * {@link Scheduler} whose pool has {@code concurrency} platform threads: the bound on the
 * kind's jobs on this node, with the queue behind it in the database, shared by every
 * node. A scheduler knows only its own kind's task, so it passes over the others' rows
 * (db-scheduler's unresolved-task filter).
 * <p>
 * On start, before any scheduler picks work, the jobs this node's name was running are
 * failed as interrupted (a restart), and every queued job gets its execution back if it
 * lost it. Other nodes' jobs are recovered by db-scheduler's dead-execution detection:
 * their executions stop heartbeating, are revived on a live node, and the
 * {@link JobRunner} fails them there. Cancel requests made on other nodes are looked for
 * every {@code cancel-check-interval}.
 */
@Component
public class JobExecution implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobExecution.class);

	private static final String TASK_PREFIX = "job-";

	/** The most queued jobs re-queued per kind on start. */
	private static final int REQUEUE_LIMIT = 10_000;

	/** Whether this replica runs jobs at all ({@code modelhost.roles}). */
	private final boolean runsJobs;

	private final DataSource dataSource;

	private final JobsProperties properties;

	private final JobStore store;

	private final JobSignals signals;

	private final Clock clock;

	private final JobRunner runner;

	private final Map<JobKind, JobHandler> handlers;

	private final Map<JobKind, OneTimeTask<Void>> tasks = new LinkedHashMap<>();

	private final Map<JobKind, SchedulerClient> clients = new ConcurrentHashMap<>();

	private final List<Scheduler> schedulers = new ArrayList<>();

	private volatile @Nullable ScheduledExecutorService watcher;

	JobExecution(DataSource dataSource, List<JobHandler> handlers, JobsProperties properties, JobStore store,
			JobSignals signals, ApplicationEventPublisher events, Clock clock, NodeProperties node) {
		this.runsJobs = node.roles().runsJobs();
		this.dataSource = dataSource;
		this.properties = properties;
		this.store = store;
		this.signals = signals;
		this.clock = clock;
		this.runner = new JobRunner(nodeName(properties), store, signals, properties, events, clock);
		var byKind = new LinkedHashMap<JobKind, JobHandler>();
		for (JobHandler handler : handlers) {
			JobHandler other = byKind.putIfAbsent(handler.kind(), handler);
			if (other != null) {
				throw new IllegalStateException("two handlers for jobs of kind '" + handler.kind() + "': "
						+ other.getClass().getName() + " and " + handler.getClass().getName());
			}
		}
		this.handlers = Map.copyOf(byKind);
		byKind.forEach((kind, handler) -> this.tasks.put(kind, Tasks.oneTime(TASK_PREFIX + kind.name())
			// the runner fails the job itself; this only covers a failure to write that
			.onFailure(new FailureHandler.MaxRetriesFailureHandler<>(3,
					new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(10))))
			.execute((instance, context) -> this.runner.run(handler, new JobId(instance.getId())))));
	}

	/** This node's name. */
	public String node() {
		return this.runner.node();
	}

	/** The handler of a kind, if this node has one. */
	public Optional<JobHandler> handler(JobKind kind) {
		return Optional.ofNullable(this.handlers.get(kind));
	}

	/** Queues a stored job's execution: due now, on whichever node has a free slot. */
	public void schedule(Job job) {
		SchedulerClient client = this.clients.get(job.kind());
		if (client == null) {
			// not started yet: start() queues every queued job's execution
			return;
		}
		client.scheduleIfNotExists(this.tasks.get(job.kind()).instance(job.id().value()), this.clock.instant());
	}

	/**
	 * Removes a cancelled queued job's execution; if a node picked it already, it skips
	 * it.
	 */
	public void unschedule(Job job) {
		SchedulerClient client = this.clients.get(job.kind());
		if (client == null) {
			return;
		}
		try {
			client.cancel(TaskInstanceId.of(TASK_PREFIX + job.kind().name(), job.id().value()));
		}
		catch (RuntimeException ex) {
			log.debug("Execution of cancelled job {} not removed (picked meanwhile): {}", job.id(), ex.getMessage());
		}
	}

	/**
	 * Asks a job running on this node to stop, and interrupts its thread if it has not
	 * after {@code interrupt-after}; does nothing if it does not run here.
	 */
	public void cancel(JobId id) {
		this.runner.active(id).ifPresent((running) -> stop(running, RunningJob.Stop.CANCEL));
	}

	private void stop(RunningJob running, RunningJob.Stop reason) {
		running.stop(reason);
		ScheduledExecutorService timer = this.watcher;
		if (timer != null) {
			timer.schedule(running::interrupt, this.properties.interruptAfter().toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			running.interrupt();
		}
	}

	@Override
	public void start() {
		this.signals.open();
		recover();
		for (var entry : this.tasks.entrySet()) {
			JobKind kind = entry.getKey();
			int concurrency = concurrency(kind);
			if (concurrency == 0) {
				this.clients.put(kind, SchedulerClient.Builder.create(this.dataSource, entry.getValue()).build());
				continue;
			}
			Scheduler scheduler = Scheduler.create(this.dataSource, entry.getValue())
				.threads(concurrency)
				.executorService(Executors.newFixedThreadPool(concurrency, threads("job-" + kind.name() + "-")))
				.schedulerName(new SchedulerName.Fixed(node()))
				.pollingInterval(this.properties.pollInterval())
				.heartbeatInterval(this.properties.heartbeatInterval())
				.missedHeartbeatsLimit(this.properties.missedHeartbeats())
				.enableImmediateExecution()
				.alwaysPersistTimestampInUTC()
				// other kinds' rows are unresolved here by design: never delete them
				.deleteUnresolvedAfter(Duration.ofDays(36_500))
				.shutdownMaxWait(this.properties.interruptAfter().plusSeconds(5))
				.build();
			this.clients.put(kind, scheduler);
			this.schedulers.add(scheduler);
			requeue(kind, scheduler);
			scheduler.start();
		}
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads("job-watcher-"));
		long every = this.properties.cancelCheckInterval().toMillis();
		timer.scheduleWithFixedDelay(this::checkCancels, every, every, TimeUnit.MILLISECONDS);
		this.watcher = timer;
		log.info("Jobs on node {}: {}", node(),
				this.tasks.keySet().stream().map((kind) -> kind + " x" + concurrency(kind)).toList());
	}

	/**
	 * Fails the jobs this node's name left running: this node is starting, so none runs.
	 */
	private void recover() {
		for (JobId id : this.store.runningOn(node())) {
			this.store.find(id).ifPresent((job) -> this.runner.failInterrupted(job, node()));
		}
	}

	/** Gives queued jobs whose execution was lost (a crash after storing) one back. */
	private void requeue(JobKind kind, SchedulerClient client) {
		OneTimeTask<Void> task = this.tasks.get(kind);
		Instant now = this.clock.instant();
		for (JobId id : this.store.queued(kind, REQUEUE_LIMIT)) {
			client.scheduleIfNotExists(task.instance(id.value()), now);
		}
	}

	/**
	 * Stops the jobs running here whose cancel was asked for elsewhere, or that were
	 * lost.
	 */
	private void checkCancels() {
		try {
			var active = new HashMap<JobId, RunningJob>();
			this.runner.active().forEach((running) -> active.put(running.jobId(), running));
			for (JobStore.Standing standing : this.store.standings(active.keySet())) {
				RunningJob running = active.remove(standing.id());
				if (running == null || running.stop() != null) {
					continue;
				}
				if (standing.cancelRequested()) {
					stop(running, RunningJob.Stop.CANCEL);
				}
				else if (!node().equals(standing.node()) || standing.status().finished()) {
					stop(running, RunningJob.Stop.LOST);
				}
			}
			// what is left has no record any more: its owner was deleted
			active.values().forEach((running) -> stop(running, RunningJob.Stop.LOST));
		}
		catch (RuntimeException ex) {
			log.warn("Looking for cancelled jobs failed: {}", ex.getMessage());
		}
	}

	@Override
	public void stop() {
		// running jobs end as interrupted (the restart's failure, written now rather than
		// on the next start), and the streams following them end with that
		this.runner.active().forEach((running) -> stop(running, RunningJob.Stop.SHUTDOWN));
		this.schedulers.forEach(Scheduler::stop);
		this.schedulers.clear();
		this.clients.clear();
		ScheduledExecutorService timer = this.watcher;
		if (timer != null) {
			timer.shutdownNow();
			this.watcher = null;
		}
		this.signals.close();
	}

	@Override
	public boolean isRunning() {
		return this.watcher != null;
	}

	/**
	 * After the web server starts; before its graceful shutdown, so that event streams
	 * end with their jobs instead of holding the shutdown up.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

	private static String nodeName(JobsProperties properties) {
		if (properties.nodeName() != null && !properties.nodeName().isBlank()) {
			return properties.nodeName().strip();
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	/**
	 * Jobs of the kind this node runs at once: as configured, none on a replica that only
	 * serves ({@code modelhost.roles=serve}).
	 */
	private int concurrency(JobKind kind) {
		return this.runsJobs ? this.properties.concurrency(kind) : 0;
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
