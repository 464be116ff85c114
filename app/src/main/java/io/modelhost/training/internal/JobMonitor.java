package io.modelhost.training.internal;

import io.modelhost.jobs.JobContext;
import io.modelhost.trainer.Candidate;
import io.modelhost.trainer.EpochReport;
import io.modelhost.trainer.TrainingMonitor;

/**
 * The trainer's reports onto the job: progress and stage, each finished candidate as a
 * {@code candidate} event, and the job's cancel as the trainer's. Thread-safe, as the job
 * context's reporting methods are.
 */
final class JobMonitor implements TrainingMonitor {

	/** The job context refuses longer stages. */
	private static final int MAX_STAGE = 200;

	private final JobContext context;

	/** Progress of the training maps to 0..this; registering the model takes the rest. */
	private final double share;

	JobMonitor(JobContext context, double share) {
		this.context = context;
		this.share = share;
	}

	@Override
	public void progress(double fraction, String stage) {
		double clamped = Math.min(1.0, Math.max(0.0, fraction));
		this.context.progress(clamped * this.share,
				(stage.length() <= MAX_STAGE) ? stage : stage.substring(0, MAX_STAGE - 1) + "…");
	}

	@Override
	public void candidateFinished(Candidate candidate) {
		this.context.event("candidate", Documents.candidate(candidate));
	}

	@Override
	public void epochFinished(EpochReport epoch) {
		this.context.event("epoch", Documents.epoch(epoch));
	}

	@Override
	public boolean cancelRequested() {
		return this.context.cancelled();
	}

}
