package io.modelhost.engine.jpmml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled trees answer exactly what the PMML evaluator answers: the same labels, the
 * same probabilities and values to the last bit, on the fixture datasets' rows, on those
 * rows nudged to every split's threshold and beyond, and on rows the evaluator must take
 * (missing values, text).
 */
class TreeEnsembleTests {

	@TempDir
	Path work;

	@ParameterizedTest
	@CsvSource({ "sklearn/iris_rf.joblib, iris.csv, true", "sklearn/diabetes_gbr.joblib, diabetes.csv, true",
			"sklearn/iris_logreg_pipeline.pkl, iris.csv, false" })
	void scoresEveryRowExactlyAsTheEvaluator(String fixture, String dataset, boolean compiled) throws IOException {
		Path pmml = this.work.resolve("model.pmml");
		SklearnConverter.convert(Fixtures.model(fixture), pmml);
		PmmlModel fast = PmmlDocuments.load(pmml, Phase.LOAD, true);
		PmmlModel reference = PmmlDocuments.load(pmml, Phase.LOAD, false);
		assertThat(fast.compiled()).isEqualTo(compiled);
		List<Object[]> rows = rows(dataset, ((TabularSignature) fast.signature()).features().size());
		Prediction.Values expected = (Prediction.Values) reference.predict(new ModelInput.Rows(rows));
		Prediction.Values actual = (Prediction.Values) fast.predict(new ModelInput.Rows(rows));
		assertThat(actual.values()).containsExactlyElementsOf(expected.values());
		if (expected.probabilities() == null) {
			assertThat(actual.probabilities()).isNull();
		}
		else {
			for (int i = 0; i < rows.size(); i++) {
				assertThat(actual.probabilities().get(i)).as("row %d", i)
					.containsExactly(expected.probabilities().get(i));
			}
		}
	}

	/**
	 * The dataset's rows, each value also nudged by ±0.05 and ±1e-7 and rounded to a
	 * twentieth (where the trees' thresholds lie), as doubles, floats and integers, and
	 * with a number as text.
	 */
	private static List<Object[]> rows(String dataset, int features) throws IOException {
		List<String> lines = Files.readAllLines(Fixtures.root().resolve("datasets").resolve(dataset));
		var rows = new ArrayList<Object[]>();
		var random = new Random(7);
		double[] nudges = { 0, 0.05, -0.05, 1e-7, -1e-7 };
		for (String line : lines.subList(1, lines.size())) {
			double[] values = Arrays.stream(line.split(",")).limit(features).mapToDouble(Double::parseDouble).toArray();
			for (double nudge : nudges) {
				Object[] row = new Object[features];
				for (int j = 0; j < features; j++) {
					row[j] = values[j] + ((random.nextBoolean()) ? nudge : 0);
				}
				rows.add(row);
			}
			Object[] rounded = new Object[features];
			for (int j = 0; j < features; j++) {
				rounded[j] = switch (random.nextInt(3)) {
					case 0 -> (float) (Math.round(values[j] * 20) / 20.0);
					case 1 -> (int) Math.round(values[j]);
					default -> Math.round(values[j] * 20) / 20.0;
				};
			}
			rows.add(rounded);
			// the evaluator's: a number as text
			Object[] text = rounded.clone();
			text[random.nextInt(features)] = String.valueOf(values[0]);
			rows.add(text);
		}
		return rows;
	}

}
