package io.modelhost.jobs.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.modelhost.jobs.JobsProperties;
import io.modelhost.jobs.RecurringWork;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the modules' {@link RecurringWork} once across replicas: one db-scheduler with a
 * recurring task each, on one thread, in the table the jobs use (a task's row is picked
 * by one replica at a time, and its next run is stored: a restart does not run it again
 * early). Tasks of other kinds in the table are left alone.
 */
@Component
class RecurringWorkScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RecurringWorkScheduler.class);

	/** Where the work's tasks are told apart from the jobs' in the shared table. */
	static final String TASK_PREFIX = "recurring-";

	private final DataSource dataSource;

	private final List<RecurringWork> work;

	private final JobsProperties properties;

	private final JobExecution jobs;

	private volatile @Nullable Scheduler scheduler;

	RecurringWorkScheduler(DataSource dataSource, List<RecurringWork> work, JobsProperties properties,
			JobExecution jobs) {
		this.dataSource = dataSource;
		this.work = List.copyOf(work);
		this.properties = properties;
		this.jobs = jobs;
	}

	@Override
	public void start() {
		List<RecurringTask<Void>> tasks = this.work.stream().filter(RecurringWork::enabled).map(this::task).toList();
		if (tasks.isEmpty()) {
			return;
		}
		Scheduler started = Scheduler.create(this.dataSource)
			.startTasks(tasks)
			.threads(1)
			.executorService(
					Executors.newSingleThreadExecutor(Thread.ofPlatform().name("recurring-work").daemon().factory()))
			.schedulerName(new SchedulerName.Fixed(this.jobs.node()))
			.pollingInterval(this.properties.pollInterval())
			.heartbeatInterval(this.properties.heartbeatInterval())
			.missedHeartbeatsLimit(this.properties.missedHeartbeats())
			.alwaysPersistTimestampInUTC()
			// the jobs' rows are unresolved here by design: never delete them
			.deleteUnresolvedAfter(Duration.ofDays(36_500))
			.shutdownMaxWait(Duration.ofSeconds(10))
			.build();
		started.start();
		this.scheduler = started;
		log.info("Recurring work, once across replicas: {}",
				this.work.stream()
					.filter(RecurringWork::enabled)
					.map((w) -> w.name() + " every " + w.every())
					.toList());
	}

	private RecurringTask<Void> task(RecurringWork work) {
		return Tasks.recurring(TASK_PREFIX + work.name(), FixedDelay.of(work.every())).execute((instance, context) -> {
			try {
				work.run();
			}
			catch (RuntimeException ex) {
				log.warn("Recurring work {} failed: {}", work.name(), ex.toString(), ex);
			}
		});
	}

	@Override
	public void stop() {
		Scheduler running = this.scheduler;
		if (running != null) {
			running.stop();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		// after the jobs (their table's users) start, before they stop
		return SmartLifecycle.DEFAULT_PHASE - 256;
	}

}
