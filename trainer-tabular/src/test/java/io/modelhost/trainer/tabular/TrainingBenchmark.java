package io.modelhost.trainer.tabular;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.modelhost.trainer.Metric;
import io.modelhost.trainer.TrainingMonitor;
import io.modelhost.trainer.TrainingRequest;
import io.modelhost.trainer.TrainingResult;

/**
 * Trains the four reference datasets at each budget given on the command line (seconds)
 * and prints a Markdown table next to H2O AutoML's 60 s figures. Run by
 * {@code benchmarks/training/run.sh}.
 */
public final class TrainingBenchmark {

	/**
	 * A reference dataset with H2O 3.44 AutoML's leader at 60 s (research note,
	 * 2026-11-22).
	 */
	private record Dataset(String file, String target, Metric metric, double h2o) {

	}

	private static final List<Dataset> DATASETS = List.of(
			new Dataset("iris.csv", "species", Metric.ACCURACY, 146.0 / 150),
			new Dataset("wine.csv", "class", Metric.ACCURACY, 176.0 / 178),
			new Dataset("breast_cancer.csv", "class", Metric.ROC_AUC, 0.9951),
			new Dataset("diabetes.csv", "progression", Metric.RMSE, 54.235));

	/** Held so that the level sticks: Tribuo logs every fit at INFO. */
	private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

	/**
	 * The trainer's note on the honest estimates of an ensemble and of the best alone.
	 */
	private static final java.util.regex.Pattern NESTED = java.util.regex.Pattern
		.compile("an ensemble scores (\\S+) and the best candidate alone (\\S+)");

	private TrainingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		TRIBUO.setLevel(java.util.logging.Level.WARNING);
		List<Integer> budgets = (args.length == 0) ? List.of(15, 60)
				: java.util.Arrays.stream(args).map(Integer::parseInt).toList();
		System.out.println("| dataset | metric | budget | ours (CV) | re-chosen per fold: ensemble / best alone "
				+ "| H2O 60 s | at or above H2O | wall time | best | candidates |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|");
		for (Dataset dataset : DATASETS) {
			for (int budget : budgets) {
				Path out = Files.createTempDirectory("training-benchmark");
				var request = new TrainingRequest(CsvTable.resource(dataset.file()), dataset.target(), null,
						dataset.metric(), Duration.ofSeconds(budget), 5, java.util.Set.of(), 42L, 1, out);
				long started = System.nanoTime();
				TrainingResult result = new TabularTrainer().train(request, TrainingMonitor.NONE);
				double wall = (System.nanoTime() - started) / 1e9;
				double ours = result.best().metric(dataset.metric());
				boolean good = dataset.metric().higherIsBetter() ? ours >= dataset.h2o() - 1e-9
						: ours <= dataset.h2o() + 1e-9;
				String nested = result.notes()
					.stream()
					.map(NESTED::matcher)
					.filter(java.util.regex.Matcher::find)
					.map((m) -> m.group(1) + " / " + m.group(2))
					.findFirst()
					.orElse("–");
				System.out.printf(Locale.ROOT, "| %s | %s | %d s | %.4f | %s | %.4f | %s | %.1f s | %s %s | %d |%n",
						dataset.file().replace(".csv", ""), dataset.metric().label(), budget, ours, nested,
						dataset.h2o(), good ? "yes" : "no", wall, result.best().algorithm(), result.best().params(),
						result.leaderboard().size());
			}
		}
	}

}
