package io.modelhost.trainer.tabular;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelhost.trainer.Candidate;
import io.modelhost.trainer.Metric;
import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingFailedException;
import io.modelhost.trainer.TrainingMonitor;
import io.modelhost.trainer.tabular.Learner.Targets;
import org.jspecify.annotations.Nullable;

/**
 * Cross-validates a grid of learners on shared folds until the grid or the time runs out.
 * Candidates run on at most {@code threads} threads; each checks the deadline and the
 * monitor's cancel flag before every fold, so a cancel is seen within one fold's fit.
 */
final class Search {

	private static final long POLL_MILLIS = 100;

	private final Table table;

	private final FeaturePlan plan;

	private final Targets targets;

	private final Folds folds;

	private final long seed;

	private final TrainingMonitor monitor;

	private final AtomicBoolean stop = new AtomicBoolean();

	/**
	 * Per mode (linear or not) and fold: the encoder fitted on that fold's training rows.
	 */
	private final Map<Boolean, Encoder[]> encoders = new java.util.concurrent.ConcurrentHashMap<>();

	Search(Table table, FeaturePlan plan, Targets targets, Folds folds, long seed, TrainingMonitor monitor) {
		this.table = table;
		this.plan = plan;
		this.targets = targets;
		this.folds = folds;
		this.seed = seed;
		this.monitor = monitor;
	}

	/**
	 * A candidate's cross-validation.
	 *
	 * @param learner the configuration
	 * @param candidate its metrics
	 * @param outOfFold each row's prediction by the model that did not see it
	 */
	record Result(Learner learner, Candidate candidate, double[][] outOfFold) {

	}

	/**
	 * Runs the grid.
	 * @param deadline {@link System#nanoTime()} after which no fold starts
	 * @param progress maps the share of the grid done to overall progress
	 */
	List<Result> run(List<Learner> grid, long deadline, int threads, java.util.function.DoubleConsumer progress) {
		ExecutorService pool = Executors.newFixedThreadPool(threads,
				Thread.ofPlatform().daemon().name("trainer-", 0).factory());
		var done = new AtomicInteger();
		Map<String, Long> lastNanos = new java.util.concurrent.ConcurrentHashMap<>();
		try {
			var futures = new ArrayList<Future<@Nullable Result>>();
			for (Learner learner : grid) {
				futures.add(pool.submit(() -> {
					Result result = evaluate(learner, deadline, lastNanos);
					progress.accept((double) done.incrementAndGet() / grid.size());
					if (result != null) {
						this.monitor.candidateFinished(result.candidate());
					}
					return result;
				}));
			}
			var results = new ArrayList<Result>();
			Exception failure = null;
			for (Future<@Nullable Result> future : futures) {
				while (!future.isDone()) {
					if (this.monitor.cancelRequested()) {
						this.stop.set(true);
						throw new TrainingCancelledException("the training was cancelled");
					}
					try {
						future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
					}
					catch (java.util.concurrent.TimeoutException ex) {
						// poll the cancel flag again
					}
					catch (java.util.concurrent.ExecutionException ex) {
						failure = (failure != null) ? failure : (Exception) ex.getCause();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new TrainingCancelledException("the training was interrupted");
					}
				}
				try {
					Result result = future.get();
					if (result != null) {
						results.add(result);
					}
				}
				catch (java.util.concurrent.ExecutionException ex) {
					failure = (failure != null) ? failure : (Exception) ex.getCause();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new TrainingCancelledException("the training was interrupted");
				}
			}
			if (results.isEmpty()) {
				throw (failure != null)
						? new TrainingFailedException("no candidate could be fitted: " + failure.getMessage(), failure)
						: new TrainingFailedException("the time budget ran out before any candidate was "
								+ "cross-validated; give it more time");
			}
			return results;
		}
		finally {
			this.stop.set(true);
			pool.shutdownNow();
		}
	}

	/** Cross-validates one learner, or null when the time ran out first. */
	private @Nullable Result evaluate(Learner learner, long deadline, Map<String, Long> lastNanos) {
		long started = System.nanoTime();
		// a family seen before predicts how long this one takes: do not start what cannot
		// finish
		Long previous = lastNanos.get(learner.algorithm());
		if (this.stop.get() || started + ((previous != null) ? previous : 0) > deadline) {
			return null;
		}
		int n = this.table.size();
		double[][] outOfFold = new double[n][];
		for (int fold = 0; fold < this.folds.count(); fold++) {
			if (this.stop.get() || this.monitor.cancelRequested() || System.nanoTime() > deadline) {
				return null;
			}
			int[] training = this.folds.training(fold);
			int[] held = this.folds.held(fold);
			Encoder encoder = encoder(learner.linear(), fold, training);
			Fitted fitted = learner.fit(encoder.transform(this.table, training), this.targets.subset(training),
					this.seed);
			double[][] predictions = fitted.predict(encoder.transform(this.table, held));
			for (int i = 0; i < held.length; i++) {
				outOfFold[held[i]] = predictions[i];
			}
		}
		long elapsed = System.nanoTime() - started;
		lastNanos.merge(learner.algorithm(), elapsed, Math::max);
		Map<Metric, Double> metrics;
		if (this.targets.classification()) {
			metrics = Scores.classification(this.targets.classes(), outOfFold, this.targets.classCount());
		}
		else {
			double[] values = new double[n];
			for (int i = 0; i < n; i++) {
				values[i] = outOfFold[i][0];
			}
			metrics = Scores.regression(this.targets.values(), values);
		}
		var candidate = new Candidate(learner.algorithm(), learner.params(), metrics, elapsed / 1e9);
		return new Result(learner, candidate, outOfFold);
	}

	private Encoder encoder(boolean linear, int fold, int[] training) {
		Encoder[] perFold = this.encoders.computeIfAbsent(linear, (mode) -> new Encoder[this.folds.count()]);
		synchronized (perFold) {
			if (perFold[fold] == null) {
				perFold[fold] = Encoder.fit(this.table, this.plan.features(), training, linear);
			}
			return perFold[fold];
		}
	}

}
