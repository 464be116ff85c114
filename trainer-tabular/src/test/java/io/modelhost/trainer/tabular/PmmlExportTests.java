package io.modelhost.trainer.tabular;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.trainer.TrainingMonitor;
import io.modelhost.trainer.tabular.Learner.Targets;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every family's PMML, admitted by engine-jpmml, answers the dataset's rows as the
 * library's own fitted model does.
 */
class PmmlExportTests {

	@TempDir
	Path work;

	static Stream<Arguments> families() {
		return Stream.of(Arguments.of("iris.csv", "species", new LogisticLearner(0.1, 50)),
				Arguments.of("iris.csv", "species", new LibLinearLearner(1.0)),
				Arguments.of("iris.csv", "species", new XGBoostLearner(3, 0.3, 50)),
				Arguments.of("wine.csv", "class", new XGBoostLearner(3, 0.3, 50)),
				Arguments.of("wine.csv", "class", new LibLinearLearner(1.0)),
				Arguments.of("customers.csv", "churn", new LibLinearLearner(1.0)),
				Arguments.of("customers.csv", "churn", new LogisticLearner(0.1, 50)),
				Arguments.of("customers.csv", "churn", new XGBoostLearner(3, 0.3, 50)),
				Arguments.of("diabetes.csv", "progression", new ElasticNetLearner(0.01, 0.5)),
				Arguments.of("diabetes.csv", "progression", new XGBoostLearner(3, 0.05, 100)),
				Arguments.of("iris.csv", "species", new ForestLearner(6, 50, 0.5)),
				Arguments.of("wine.csv", "class", new ForestLearner(8, 50, 0.5)),
				Arguments.of("customers.csv", "churn", new ForestLearner(6, 50, 0.5)),
				Arguments.of("diabetes.csv", "progression", new ForestLearner(6, 50, 0.5)),
				Arguments.of("diabetes.csv", "progression", new SvrLearner(1.0, 0.3, 0.1)));
	}

	@ParameterizedTest(name = "{2} on {0}")
	@MethodSource("families")
	void servesWhatTheLibraryPredicts(String dataset, String target, Learner learner) throws IOException {
		Table table = Table.read(CsvTable.resource(dataset), target, TrainingMonitor.NONE);
		FeaturePlan plan = FeaturePlan.of(table, Set.of());
		int[] all = IntStream.range(0, table.size()).toArray();
		Encoder encoder = Encoder.fit(table, plan.features(), all, learner.linear());
		double[][] x = encoder.transform(table, all);
		boolean classification = !dataset.equals("diabetes.csv");
		List<String> classes = classification ? classes(table) : List.of();
		Targets targets = classification
				? new Targets(IntStream.range(0, table.size()).map((i) -> classes.indexOf(table.label(i))).toArray(),
						classes.size(), new double[0])
				: new Targets(new int[0], 0, IntStream.range(0, table.size()).mapToDouble(table::number).toArray());
		Fitted fitted = learner.fit(x, targets, 42L);
		Path file = this.work.resolve("model.pmml");
		new PmmlWriter(plan, table.target(), classes).write(Ensemble.single(learner, encoder, fitted), file);

		double[][] expected = fitted.predict(x);
		try (LoadedModel model = Served.admit(file)) {
			var signature = (TabularSignature) model.signature();
			assertThat(signature.features()).extracting(TabularSignature.Feature::name)
				.containsExactlyElementsOf(plan.inputs().stream().map(io.modelhost.trainer.Column::name).toList());
			Prediction.Values served = Served.predict(model, table);
			for (int i = 0; i < table.size(); i++) {
				if (classification) {
					assertThat(served.probabilities().get(i)).as("row %d", i)
						.containsExactly(expected[i], within(1e-6));
					assertThat(served.values().get(i)).as("row %d", i)
						.isEqualTo(classes.get(Scores.argmax(expected[i])));
				}
				else {
					double value = ((Number) served.values().get(i)).doubleValue();
					// XGBoost adds leaves in float: compare relative to the value
					assertThat(value).as("row %d", i)
						.isCloseTo(expected[i][0], within(1e-6 * Math.abs(expected[i][0]) + 1e-9));
				}
			}
		}
	}

	static Stream<Arguments> ensembles() {
		return Stream.of(
				Arguments.of("iris.csv", "species",
						List.of(new LibLinearLearner(1.0), new LogisticLearner(0.1, 50), new XGBoostLearner(3, 0.3, 50),
								new ForestLearner(6, 50, 0.5))),
				Arguments.of("wine.csv", "class",
						List.of(new LogisticLearner(0.05, 200), new ForestLearner(8, 50, 0.5),
								new XGBoostLearner(3, 0.3, 50))),
				Arguments.of("customers.csv", "churn",
						List.of(new LibLinearLearner(1.0), new XGBoostLearner(3, 0.3, 50),
								new ForestLearner(6, 50, 0.5))),
				Arguments.of("diabetes.csv", "progression",
						List.of(new ElasticNetLearner(0.1, 0.5), new ElasticNetLearner(0.01, 1.0),
								new XGBoostLearner(2, 0.05, 100), new ForestLearner(6, 50, 0.5),
								new SvrLearner(0.3, 0.3, 0.1))));
	}

	@ParameterizedTest(name = "{2} on {0}")
	@MethodSource("ensembles")
	void servesWhatTheEnsembleAverages(String dataset, String target, List<Learner> learners) throws IOException {
		Table table = Table.read(CsvTable.resource(dataset), target, TrainingMonitor.NONE);
		FeaturePlan plan = FeaturePlan.of(table, Set.of());
		int[] all = IntStream.range(0, table.size()).toArray();
		boolean classification = !dataset.equals("diabetes.csv");
		List<String> classes = classification ? classes(table) : List.of();
		Targets targets = classification
				? new Targets(IntStream.range(0, table.size()).map((i) -> classes.indexOf(table.label(i))).toArray(),
						classes.size(), new double[0])
				: new Targets(new int[0], 0, IntStream.range(0, table.size()).mapToDouble(table::number).toArray());
		Encoder linear = Encoder.fit(table, plan.features(), all, true);
		Encoder raw = Encoder.fit(table, plan.features(), all, false);
		var members = new java.util.ArrayList<Ensemble.Member>();
		double total = learners.size() * (learners.size() + 1) / 2.0;
		for (int m = 0; m < learners.size(); m++) {
			Learner learner = learners.get(m);
			Encoder encoder = learner.linear() ? linear : raw;
			// unequal weights, so that a plain average would not pass
			members.add(new Ensemble.Member(learner, encoder, learner.fit(encoder.transform(table, all), targets, 42L),
					(m + 1) / total));
		}
		var ensemble = new Ensemble(members);
		Path file = this.work.resolve("model.pmml");
		new PmmlWriter(plan, table.target(), classes).write(ensemble, file);

		double[][] expected = ensemble.predict(table, all);
		try (LoadedModel model = Served.admit(file)) {
			Prediction.Values served = Served.predict(model, table);
			for (int i = 0; i < table.size(); i++) {
				if (classification) {
					assertThat(served.probabilities().get(i)).as("row %d", i)
						.containsExactly(expected[i], within(1e-6));
					assertThat(served.values().get(i)).as("row %d", i)
						.isEqualTo(classes.get(Scores.argmax(expected[i])));
				}
				else {
					double value = ((Number) served.values().get(i)).doubleValue();
					assertThat(value).as("row %d", i)
						.isCloseTo(expected[i][0], within(1e-6 * Math.abs(expected[i][0]) + 1e-9));
				}
			}
		}
	}

	private static List<String> classes(Table table) {
		var labels = new TreeSet<String>();
		IntStream.range(0, table.size()).forEach((i) -> labels.add(table.label(i)));
		return List.copyOf(labels);
	}

}
