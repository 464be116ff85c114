package io.modelhost.trainer.tabular;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.modelhost.trainer.Candidate;
import io.modelhost.trainer.Column;
import io.modelhost.trainer.ConfusionMatrix;
import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.InvalidTrainingRequestException.Reason;
import io.modelhost.trainer.LeaderboardEntry;
import io.modelhost.trainer.Metric;
import io.modelhost.trainer.ModelArtifact;
import io.modelhost.trainer.Task;
import io.modelhost.trainer.Trainer;
import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingFailedException;
import io.modelhost.trainer.TrainingMonitor;
import io.modelhost.trainer.TrainingRequest;
import io.modelhost.trainer.TrainingResult;
import io.modelhost.trainer.tabular.Learner.Targets;

/**
 * AutoML for tables: cross-validates LIBLINEAR and SGD logistic regression, elastic net,
 * XGBoost and random forests on the same seeded folds, selects a weighted ensemble of
 * them by their out-of-fold predictions when it scores better than the best alone, refits
 * the winner on every row and writes it with its preprocessing as PMML, which
 * engine-jpmml serves.
 *
 * <p>
 * Stateless and thread-safe. The search stops starting folds once the budget, less a
 * reserve for the refit, is spent; a cancel is honoured within one fold's fit.
 */
public final class TabularTrainer implements Trainer {

	/** The file name of the written model. */
	public static final String MODEL_FILE = "model.pmml";

	/** Most classes a classification target may have. */
	static final int MAX_CLASSES = 100;

	/**
	 * Estimated refit time over the folds' mean fit time, with room for a busy machine.
	 */
	private static final double REFIT_MARGIN = 1.5;

	/** The share of the time left after the search that the ensemble's refits may use. */
	private static final double REFIT_SHARE = 0.6;

	@Override
	public String id() {
		return "tabular";
	}

	@Override
	public boolean accepts(TrainingRequest request) {
		return true;
	}

	@Override
	public TrainingResult train(TrainingRequest request, TrainingMonitor monitor) {
		return run(request, monitor).result();
	}

	/**
	 * A finished training with the refitted model in memory, for tests that compare it
	 * with what an engine serves.
	 */
	record Outcome(TrainingResult result, Ensemble model, Table table) {

	}

	/**
	 * The model to refit: the best candidate alone, or a weighted average of several.
	 *
	 * @param candidate its leaderboard entry
	 * @param weights per search result (best first), its weight
	 * @param outOfFold its out-of-fold predictions
	 */
	private record Blend(Candidate candidate, double[] weights, double[][] outOfFold) {

	}

	/**
	 * Selects an ensemble of the candidates by their out-of-fold predictions, with
	 * members only as many as can be refitted before the deadline; the best candidate
	 * alone when no ensemble scores better.
	 */
	private static Blend blend(List<Search.Result> results, EnsembleSelection selection, Metric metric, Folds folds,
			long deadline, List<String> notes) {
		Search.Result best = results.getFirst();
		double[] alone = new double[results.size()];
		alone[0] = 1.0;
		var single = new Blend(best.candidate(), alone, best.outOfFold());
		if (results.size() < 2) {
			return single;
		}
		double[] refitSeconds = new double[results.size()];
		for (int c = 0; c < refitSeconds.length; c++) {
			// one fit on every row, from the time of k fits on (k - 1) / k of them
			refitSeconds[c] = REFIT_MARGIN * results.get(c).candidate().fitSeconds() / (folds.count() - 1);
		}
		// the selection, the refits and the file share what is left of the budget
		long left = deadline - System.nanoTime();
		double secondsLeft = REFIT_SHARE * left / 1e9;
		List<double[][]> outOfFold = results.stream().map(Search.Result::outOfFold).toList();
		long started = System.nanoTime();
		double[] weights = selection.select(outOfFold, refitSeconds, secondsLeft, started + left / 10);
		double[][] averaged = EnsembleSelection.average(outOfFold, weights);
		Map<Metric, Double> scores = selection.score(averaged);
		if (weights[0] == 1.0 || selection.comparator().compare(scores, best.candidate().cvMetrics()) >= 0) {
			return single;
		}
		// Both scores are optimistic: the ensemble's weights and the best candidate were
		// chosen on the rows they are scored on. Each choice is made again without each
		// fold's rows and scored on them; the ensemble is kept only if it still wins.
		if (deadline - System.nanoTime() < left / 2) {
			notes.add("no ensemble: too little time was left to check it against the best candidate alone");
			return single;
		}
		long stopAt = System.nanoTime() + left / 10;
		Map<Metric, Double> nested = selection
			.score(selection.nested(true, outOfFold, folds, refitSeconds, secondsLeft, stopAt));
		Map<Metric, Double> nestedBest = selection
			.score(selection.nested(false, outOfFold, folds, refitSeconds, secondsLeft, stopAt));
		String estimates = String.format(Locale.ROOT,
				"%s: chosen again without each fold's rows and scored on them, an ensemble scores %.4f and the best "
						+ "candidate alone %.4f",
				metric.label(), nested.get(metric), nestedBest.get(metric));
		if (selection.comparator().compare(nested, nestedBest) >= 0) {
			notes.add("no ensemble: " + estimates);
			return single;
		}
		notes.add(String.format(Locale.ROOT,
				"the ensemble's %s of %.4f is optimistic: its weights were chosen on the out-of-fold predictions it "
						+ "is scored on; %s",
				metric.label(), scores.get(metric), estimates));
		double seconds = 0;
		for (int c = 0; c < weights.length; c++) {
			seconds += (weights[c] > 0) ? results.get(c).candidate().fitSeconds() : 0;
		}
		var learners = results.stream().map(Search.Result::learner).toList();
		var candidate = new Candidate("ensemble",
				EnsembleSelection.describe(learners, weights, metric, nested.get(metric)), scores,
				seconds + (System.nanoTime() - started) / 1e9);
		return new Blend(candidate, weights, averaged);
	}

	Outcome run(TrainingRequest request, TrainingMonitor monitor) {
		long started = System.nanoTime();
		long budget = request.timeBudget().toNanos();
		monitor.progress(0.0, "reading the dataset");
		Table table = Table.read(request.source(), request.target(), monitor);
		checkCancel(monitor);
		Task task = (request.task() != null) ? request.task() : table.inferTask();
		Metric metric = (request.metric() != null) ? request.metric() : Metric.defaultFor(task);
		if (metric.task() != task) {
			throw new InvalidTrainingRequestException(Reason.METRIC_MISMATCH, "the metric " + metric.label()
					+ " scores " + metric.task().label() + ", but the task is " + task.label());
		}
		FeaturePlan plan = FeaturePlan.of(table, request.excludedColumns());
		List<String> classes = List.of();
		Targets targets;
		Folds folds;
		if (task == Task.CLASSIFICATION) {
			classes = classes(table);
			int[] indices = new int[table.size()];
			for (int i = 0; i < indices.length; i++) {
				indices[i] = classes.indexOf(table.label(i));
			}
			targets = new Targets(indices, classes.size(), new double[0]);
			folds = Folds.stratified(indices, request.folds(), request.seed());
		}
		else {
			double[] values = IntStream.range(0, table.size()).mapToDouble(table::number).toArray();
			if (table.distinct(table.targetIndex()).size() < 2) {
				throw singleValue(table);
			}
			targets = new Targets(new int[0], 0, values);
			folds = Folds.sortedBlocks(values, request.folds(), request.seed());
		}
		if (table.size() < 2 * request.folds()) {
			throw new InvalidTrainingRequestException(Reason.TOO_FEW_ROWS,
					"the dataset has " + table.size() + " rows with a target; " + request.folds()
							+ "-fold cross-validation needs at least " + 2 * request.folds());
		}

		// keep a fifth of the budget (at most 5 s) for the refit and the export
		long reserve = Math.min(budget / 5, Duration.ofSeconds(5).toNanos());
		long deadline = started + budget - reserve;
		var search = new Search(table, plan, targets, folds, request.seed(), monitor);
		List<Search.Result> results = search.run(Grid.of(task), deadline, request.maxThreads(),
				(share) -> monitor.progress(0.05 + 0.85 * share, "cross-validating candidates"));
		checkCancel(monitor);
		var selection = new EnsembleSelection(targets, metric);
		results = new ArrayList<>(results);
		// ties of the metric (frequent for accuracy) go to the better probabilities
		results.sort(Comparator.comparing((Search.Result r) -> r.candidate().cvMetrics(), selection.comparator()));
		var notes = new ArrayList<>(plan.notes());
		notes.add(results.size() + " of " + Grid.of(task).size() + " candidates cross-validated with " + request.folds()
				+ " folds");
		Blend blend = blend(results, selection, metric, folds, started + budget, notes);
		checkCancel(monitor);
		if (blend.weights()[0] < 1.0) {
			monitor.candidateFinished(blend.candidate());
		}

		monitor.progress(0.9, "refitting " + blend.candidate().algorithm() + " on every row");
		int[] all = IntStream.range(0, table.size()).toArray();
		var encoders = new HashMap<Boolean, Encoder>();
		var members = new ArrayList<Ensemble.Member>();
		for (int c = 0; c < blend.weights().length; c++) {
			if (blend.weights()[c] > 0) {
				checkCancel(monitor);
				Learner learner = results.get(c).learner();
				// one encoder per family kind, so members share their transformations
				Encoder encoder = encoders.computeIfAbsent(learner.linear(),
						(linear) -> Encoder.fit(table, plan.features(), all, linear));
				Fitted fitted = learner.fit(encoder.transform(table, all), targets, request.seed());
				members.add(new Ensemble.Member(learner, encoder, fitted, blend.weights()[c]));
			}
		}
		var model = new Ensemble(members);
		checkCancel(monitor);
		Path file = request.outputDirectory().resolve(MODEL_FILE);
		try {
			new PmmlWriter(plan, table.target(), classes).write(model, file);
		}
		catch (IOException ex) {
			throw new TrainingFailedException("the model file cannot be written: " + ex.getMessage(), ex);
		}
		if (monitor.cancelRequested()) {
			deleteQuietly(file);
			throw new TrainingCancelledException("the training was cancelled");
		}
		var leaderboard = new ArrayList<LeaderboardEntry>();
		if (blend.weights()[0] < 1.0) {
			leaderboard.add(new LeaderboardEntry(1, blend.candidate()));
		}
		for (Search.Result result : results) {
			leaderboard.add(new LeaderboardEntry(leaderboard.size() + 1, result.candidate()));
		}
		monitor.progress(1.0, "done");
		var result = new TrainingResult(task, metric, leaderboard, new ModelArtifact(file, "pmml", "application/xml"),
				classes,
				(task == Task.CLASSIFICATION) ? confusion(classes, targets.classes(), blend.outOfFold()) : null,
				importance(plan, model), notes, Duration.ofNanos(System.nanoTime() - started));
		return new Outcome(result, model, table);
	}

	private static List<String> classes(Table table) {
		var labels = new TreeSet<String>();
		for (int i = 0; i < table.size(); i++) {
			labels.add(table.label(i));
		}
		if (labels.size() < 2) {
			throw singleValue(table);
		}
		if (labels.size() > MAX_CLASSES) {
			throw new InvalidTrainingRequestException(Reason.UNSUITABLE_TARGET,
					"the target '" + table.target().name() + "' has " + labels.size() + " distinct values; "
							+ "classification takes at most " + MAX_CLASSES + ". Train a regression instead.");
		}
		return List.copyOf(labels);
	}

	private static InvalidTrainingRequestException singleValue(Table table) {
		Column target = table.target();
		return new InvalidTrainingRequestException(Reason.SINGLE_VALUE_TARGET, "the target '" + target.name()
				+ "' has one value only (" + table.distinct(table.targetIndex()) + "); there is nothing to learn");
	}

	private static ConfusionMatrix confusion(List<String> classes, int[] actual, double[][] outOfFold) {
		long[][] counts = new long[classes.size()][classes.size()];
		for (int i = 0; i < actual.length; i++) {
			counts[actual[i]][Scores.argmax(outOfFold[i])]++;
		}
		return new ConfusionMatrix(classes, counts);
	}

	/** Importance per dataset column, summed over its encoded columns, as shares. */
	private static Map<String, Double> importance(FeaturePlan plan, Ensemble model) {
		double[] perFeature = model.importance(plan.features().size());
		double total = 0;
		for (double share : perFeature) {
			total += share;
		}
		var shares = new LinkedHashMap<String, Double>();
		if (total <= 0) {
			return shares;
		}
		double sum = total;
		IntStream.range(0, perFeature.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer j) -> perFeature[j]).reversed())
			.forEach((j) -> shares.put(plan.features().get(j).name(), perFeature[j] / sum));
		return shares;
	}

	private static void checkCancel(TrainingMonitor monitor) {
		if (monitor.cancelRequested()) {
			throw new TrainingCancelledException("the training was cancelled");
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// the caller owns the output directory and removes it with the job
		}
	}

}
