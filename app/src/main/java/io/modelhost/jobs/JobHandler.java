package io.modelhost.jobs;

import tools.jackson.databind.JsonNode;

/**
 * Runs the jobs of one {@link JobKind}: the plug-in point of the jobs module. A module
 * registers its handler as a Spring bean; every node that has the handler and a
 * concurrency above zero for its kind ({@code modelhost.jobs.kinds.<kind>.concurrency})
 * picks up queued jobs of that kind.
 * <p>
 * Threading: {@link #run} is called on a pool thread of the kind (at most
 * {@code concurrency} at once per node, at low thread priority), one job per call; a
 * handler that keeps no state between calls needs no synchronisation. A handler that uses
 * threads of its own (a native library's, a fork-join pool) should use at most
 * {@link JobContext#threads()} of them, so that serving keeps its latency.
 */
public interface JobHandler {

	/** The kind of job this handler runs; one handler per kind. */
	JobKind kind();

	/**
	 * Checks a job's parameters when it is submitted, on the submitting node, before
	 * anything is stored. The default accepts anything.
	 * @param parameters the parameters as submitted
	 * @throws InvalidJobParametersException with a message safe to show the submitter
	 */
	default void validate(JsonNode parameters) {
	}

	/**
	 * Does the work. Report progress, stage and intermediate events to the context as
	 * they happen; poll {@link JobContext#cancelled()} every few hundred milliseconds (or
	 * call {@link JobContext#throwIfCancelled()}): a cancelled job must stop within 2
	 * seconds, and its thread is interrupted 1 second after the request in case it is
	 * blocked. Once a cancel was asked for, the job ends cancelled whatever this returns,
	 * so check before an irreversible step such as registering a model.
	 * @param parameters the job's parameters, as validated at submission
	 * @param context where to report, and whether to stop
	 * @return the job's result, shown to its owner (a JSON object, or null for none)
	 * @throws JobFailedException to fail the job with a message safe to show its owner
	 * @throws Exception anything else fails the job with a generic message, logged with
	 * the job's id
	 */
	JsonNode run(JsonNode parameters, JobContext context) throws Exception;

}
