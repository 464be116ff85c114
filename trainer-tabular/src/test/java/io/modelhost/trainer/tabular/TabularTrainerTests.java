package io.modelhost.trainer.tabular;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.trainer.Candidate;
import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.InvalidTrainingRequestException.Reason;
import io.modelhost.trainer.Metric;
import io.modelhost.trainer.TabularSource;
import io.modelhost.trainer.Task;
import io.modelhost.trainer.TrainerCatalog;
import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingMonitor;
import io.modelhost.trainer.TrainingRequest;
import io.modelhost.trainer.TrainingResult;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class TabularTrainerTests {

	private static final TabularTrainer TRAINER = new TabularTrainer();

	@TempDir
	Path work;

	@Test
	void classifiesIrisAboveH2oAndServesTheOriginalLabelsAsTrained() throws IOException {
		TrainingRequest request = TrainingRequest.of(CsvTable.resource("iris.csv"), "species", Duration.ofSeconds(15),
				this.work);
		var finished = new ArrayList<Candidate>();
		TabularTrainer.Outcome outcome = TRAINER.run(request, new TrainingMonitor() {
			@Override
			public void candidateFinished(Candidate candidate) {
				finished.add(candidate);
			}
		});
		TrainingResult result = outcome.result();

		assertThat(result.task()).isEqualTo(Task.CLASSIFICATION);
		assertThat(result.metric()).isEqualTo(Metric.ACCURACY);
		assertThat(result.best().metric(Metric.ACCURACY)).isGreaterThanOrEqualTo(0.96);
		assertThat(result.best().cvMetrics()).containsOnlyKeys(Metric.of(Task.CLASSIFICATION));
		assertThat(result.leaderboard()).hasSameSizeAs(finished);
		assertThat(result.leaderboard().getFirst().rank()).isEqualTo(1);
		assertThat(result.classes()).containsExactly("setosa", "versicolor", "virginica");
		assertThat(result.confusionMatrix().counts()).hasDimensions(3, 3);
		assertThat(result.confusionMatrix().count("setosa", "setosa")).isEqualTo(50);
		assertThat(result.featureImportance()).isNotEmpty();
		assertKeptTheBudget(result);

		try (LoadedModel model = Served.admit(result.artifact().file())) {
			Prediction.Values served = Served.predict(model, outcome.table());
			double[][] trained = outcome.model().predict(outcome.table(), IntStream.range(0, 150).toArray());
			for (int i = 0; i < 150; i++) {
				assertThat(served.probabilities().get(i)).containsExactly(trained[i], within(1e-6));
				assertThat(served.values().get(i)).isEqualTo(result.classes().get(Scores.argmax(trained[i])));
			}
			assertThat(Served.labels(served)).containsOnly("setosa", "versicolor", "virginica");
		}
	}

	@Test
	void regressesDiabetesBelowH2oWithAnEnsembleAndServesTheSameValues() throws IOException {
		TrainingRequest request = TrainingRequest.of(CsvTable.resource("diabetes.csv"), "progression",
				Duration.ofSeconds(15), this.work);
		var finished = new ArrayList<Candidate>();
		TabularTrainer.Outcome outcome = TRAINER.run(request, new TrainingMonitor() {
			@Override
			public void candidateFinished(Candidate candidate) {
				finished.add(candidate);
			}
		});
		TrainingResult result = outcome.result();

		assertThat(result.task()).isEqualTo(Task.REGRESSION);
		assertThat(result.confusionMatrix()).isNull();
		assertKeptTheBudget(result);
		Candidate best = result.best();
		assertThat(best.algorithm()).isEqualTo("ensemble");
		assertThat(best.params().get("members")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSizeGreaterThan(1);
		assertThat(result.leaderboard()).hasSameSizeAs(finished);
		// H2O AutoML's 60 s leader (a stacked ensemble) scored 54.235. The ensemble's
		// own score (53.67 measured) is optimistic; chosen again per fold it scored
		// 54.17, asserted with room for a slow run that cross-validates fewer candidates
		assertThat(best.metric(Metric.RMSE)).isLessThanOrEqualTo(54.235);
		assertThat((Double) best.params().get("rechosen_per_fold_rmse")).isBetween(best.metric(Metric.RMSE), 54.5);
		assertThat(result.notes())
			.anySatisfy((note) -> assertThat(note).contains("optimistic", "the best candidate alone"));
		try (LoadedModel model = Served.admit(result.artifact().file())) {
			Prediction.Values served = Served.predict(model, outcome.table());
			double[][] trained = outcome.model().predict(outcome.table(), IntStream.range(0, 442).toArray());
			for (int i = 0; i < 442; i++) {
				assertThat(((Number) served.values().get(i)).doubleValue()).isCloseTo(trained[i][0],
						within(1e-6 * Math.abs(trained[i][0])));
			}
		}
	}

	@Test
	void classifiesWineAtOrAboveH2oPreferringTheBestAloneOverALosingEnsemble() throws IOException {
		TrainingRequest request = TrainingRequest.of(CsvTable.resource("wine.csv"), "class", Duration.ofSeconds(15),
				this.work);
		TabularTrainer.Outcome outcome = TRAINER.run(request, TrainingMonitor.NONE);
		TrainingResult result = outcome.result();

		// H2O AutoML's 60 s leader (a random forest) had 176 of 178 rows right
		assertThat(result.best().metric(Metric.ACCURACY)).isGreaterThanOrEqualTo(176.0 / 178);
		assertKeptTheBudget(result);
		// an ensemble ties on these rows but loses when chosen again per fold
		assertThat(result.best().algorithm()).isNotEqualTo("ensemble");
		assertThat(result.notes()).anySatisfy((note) -> assertThat(note).startsWith("no ensemble: accuracy:"));
		int rows = outcome.table().size();
		try (LoadedModel model = Served.admit(result.artifact().file())) {
			Prediction.Values served = Served.predict(model, outcome.table());
			double[][] trained = outcome.model().predict(outcome.table(), IntStream.range(0, rows).toArray());
			for (int i = 0; i < rows; i++) {
				assertThat(served.probabilities().get(i)).containsExactly(trained[i], within(1e-6));
			}
		}
	}

	@Test
	void learnsFromCategoriesBlanksAndBooleansAndAnswersAnUnseenCategory() throws IOException {
		TrainingRequest request = TrainingRequest.of(CsvTable.resource("customers.csv"), "churn", Duration.ofSeconds(6),
				this.work);
		TrainingResult result = TRAINER.train(request, TrainingMonitor.NONE);

		assertThat(result.best().metric(Metric.ACCURACY)).isGreaterThan(0.75);
		assertThat(result.notes()).anySatisfy((note) -> assertThat(note).contains("'customer_id'", "row number"))
			.anySatisfy((note) -> assertThat(note).contains("'country'", "one value only"));
		assertThat(result.featureImportance()).doesNotContainKeys("customer_id", "country");
		try (LoadedModel model = Served.admit(result.artifact().file())) {
			var rows = List.<Object[]>of(new Object[] { 5000.0, "enterprise", null, true, "mars", "NL" },
					new Object[] { null, null, null, null, null, null });
			var served = (Prediction.Values) model.predict(new ModelInput.Rows(rows));
			assertThat(served.values()).allSatisfy((label) -> assertThat(label).isIn("yes", "no"));
			assertThat(served.probabilities()).allSatisfy((p) -> assertThat(p[0] + p[1]).isCloseTo(1.0, within(1e-9)));
		}
	}

	@Test
	void honoursASmallBudgetWithinTenPercent() {
		TrainingRequest request = TrainingRequest.of(CsvTable.resource("breast_cancer.csv"), "class",
				Duration.ofSeconds(2), this.work);
		long started = System.nanoTime();
		TrainingResult result = TRAINER.train(request, TrainingMonitor.NONE);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThanOrEqualTo(Duration.ofMillis(2200));
		assertThat(result.leaderboard()).isNotEmpty();
		assertThat(result.artifact().file()).exists();
	}

	@Test
	void stopsWithinTwoSecondsOfACancelAndWritesNothing() {
		var cancelledAt = new AtomicLong();
		TrainingMonitor cancelAfterFirstCandidate = new TrainingMonitor() {
			@Override
			public void candidateFinished(Candidate candidate) {
				cancelledAt.compareAndSet(0, System.nanoTime());
			}

			@Override
			public boolean cancelRequested() {
				return cancelledAt.get() != 0;
			}
		};
		TrainingRequest request = TrainingRequest.of(CsvTable.resource("breast_cancer.csv"), "class",
				Duration.ofSeconds(60), this.work);
		assertThatExceptionOfType(TrainingCancelledException.class)
			.isThrownBy(() -> TRAINER.train(request, cancelAfterFirstCandidate));
		assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt.get())).isLessThan(Duration.ofSeconds(2));
		assertThat(this.work.resolve(TabularTrainer.MODEL_FILE)).doesNotExist();
	}

	@Test
	void refusesATargetWithOneValue() throws IOException {
		Path csv = Files.writeString(this.work.resolve("one.csv"), "x,y\n1.0,a\n2.0,a\n3.0,a\n4.0,a\n");
		TrainingRequest request = TrainingRequest.of(CsvTable.of(csv), "y", Duration.ofSeconds(5), this.work);
		assertThatExceptionOfType(InvalidTrainingRequestException.class)
			.isThrownBy(() -> TRAINER.train(request, TrainingMonitor.NONE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.SINGLE_VALUE_TARGET))
			.withMessage("the target 'y' has one value only ([a]); there is nothing to learn");
	}

	@Test
	void refusesAnUnknownTargetNamingTheColumns() {
		TabularSource iris = CsvTable.resource("iris.csv");
		TrainingRequest request = TrainingRequest.of(iris, "Species", Duration.ofSeconds(5), this.work);
		assertThatExceptionOfType(InvalidTrainingRequestException.class)
			.isThrownBy(() -> TRAINER.train(request, TrainingMonitor.NONE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNKNOWN_TARGET))
			.withMessageStartingWith("the dataset has no column 'Species'; its columns are [sepal length (cm),");
	}

	@Test
	void refusesAMetricOfTheOtherTaskWhenTheTaskIsInferred() {
		TrainingRequest request = new TrainingRequest(CsvTable.resource("diabetes.csv"), "progression", null,
				Metric.ACCURACY, Duration.ofSeconds(5), 5, Set.of(), 42, 1, this.work);
		assertThatExceptionOfType(InvalidTrainingRequestException.class)
			.isThrownBy(() -> TRAINER.train(request, TrainingMonitor.NONE))
			.withMessage("the metric accuracy scores classification, but the task is regression");
	}

	@Test
	void isFoundByTheServiceLoader() {
		TrainerCatalog catalog = TrainerCatalog.discover(getClass().getClassLoader());
		assertThat(catalog.trainers()).extracting((trainer) -> trainer.id()).containsExactly("tabular");
	}

	/**
	 * The 15 s budget is kept: no candidate starts after it, so it is passed by at most
	 * the slowest candidate (on a loaded machine, that one can take seconds).
	 */
	private static void assertKeptTheBudget(TrainingResult result) {
		double slowest = result.leaderboard()
			.stream()
			.mapToDouble((entry) -> entry.candidate().fitSeconds())
			.max()
			.orElseThrow();
		assertThat(result.duration())
			.isLessThanOrEqualTo(Duration.ofSeconds(15).plusMillis((long) (slowest * 1000) + 1_500));
	}

}
