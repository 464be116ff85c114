package io.modelhost.jobs;

import java.time.Duration;

/**
 * Work a module needs done every so often, once across all the replicas that share the
 * database: a db-scheduler recurring task in the jobs' table (the replica that picks it
 * runs it; the others do not). Retention, purges, checks: never work whose effect is
 * local to a replica (its loaded models, its metrics). Declare one as a bean.
 */
public interface RecurringWork {

	/** A stable name, unique on the platform: the task's name in the jobs' table. */
	String name();

	/**
	 * The time from the end of one run to the start of the next; the first run is due as
	 * soon as the work is first known to the platform.
	 */
	Duration every();

	/** Whether it runs at all (a setting may switch it off). */
	default boolean enabled() {
		return true;
	}

	/** Does the work once; what it throws is logged, and the work runs again as due. */
	void run();

}
