package io.modelhost.analysis.internal;

import java.util.List;

import io.modelhost.analysis.internal.DatasetRows.Row;
import io.modelhost.analysis.internal.ModelScorer.Outcome.Predicted;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The worked examples of docs/analysis.md, so that the documentation and the code agree.
 */
class ScoreTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Test
	void classifierFiguresAreThoseOfTheWorkedExample() {
		Score score = Score.of(false);
		String[] actual = { "cat", "cat", "cat", "dog", "dog", "dog" };
		String[] predicted = { "cat", "cat", "dog", "dog", "dog", "cat" };
		double[] dog = { 0.1, 0.2, 0.6, 0.9, 0.7, 0.4 };
		for (int i = 0; i < actual.length; i++) {
			score.add(row(i + 1, actual[i]),
					new Predicted(NODES.stringNode(predicted[i]), new double[] { 1 - dog[i], dog[i] }),
					List.of("cat", "dog"));
		}
		ObjectNode metrics = score.metrics();
		assertThat(metrics.get("accuracy").asDouble()).isCloseTo(4 / 6.0, within(1e-12));
		assertThat(metrics.get("f1_macro").asDouble()).isCloseTo(2 / 3.0, within(1e-12));
		assertThat(metrics.get("log_loss").asDouble()).isCloseTo(0.4371868317194841, within(1e-12));
		assertThat(metrics.get("roc_auc").asDouble()).isCloseTo(8 / 9.0, within(1e-12));
		ObjectNode result = NODES.objectNode();
		score.details(result);
		assertThat(result.get("confusion_matrix").toString())
			.isEqualTo("{\"labels\":[\"cat\",\"dog\"],\"matrix\":[[2,1],[1,2]]}");
		assertThat(result.get("per_class").get(0).get("precision").asDouble()).isCloseTo(2 / 3.0, within(1e-12));
		assertThat(result.get("per_class").get(0).get("support").asLong()).isEqualTo(3);
		assertThat(result.get("errors")).extracting((e) -> e.get("row").asLong()).containsExactly(3L, 6L);
		assertThat(result.get("errors").get(0).get("confidence").asDouble()).isCloseTo(0.6, within(1e-12));
	}

	@Test
	void aucCountsTiesHalfAndLabelsCompareAsText() {
		Score score = Score.of(false);
		// the model answers numbers; the dataset holds integers: 1.0 and 1 are one label
		score.add(row(1, 1L), new Predicted(NODES.numberNode(1.0), new double[] { 0.5, 0.5 }), List.of("0", "1"));
		score.add(row(2, 0L), new Predicted(NODES.numberNode(0), new double[] { 0.5, 0.5 }), List.of("0", "1"));
		ObjectNode metrics = score.metrics();
		assertThat(metrics.get("accuracy").asDouble()).isEqualTo(1.0);
		assertThat(metrics.get("roc_auc").asDouble()).isEqualTo(0.5);
	}

	@Test
	void withoutProbabilitiesTheProbabilityMetricsAreLeftOut() {
		Score score = Score.of(false);
		score.add(row(1, "a"), new Predicted(NODES.stringNode("b"), null), List.of());
		score.add(row(2, "b"), new Predicted(NODES.stringNode("b"), null), List.of());
		ObjectNode metrics = score.metrics();
		assertThat(metrics.propertyNames()).containsExactly("accuracy", "f1_macro");
		ObjectNode result = NODES.objectNode();
		score.details(result);
		assertThat(result.get("errors").get(0).get("confidence").isNull()).isTrue();
	}

	@Test
	void regressorFiguresAreThoseOfTheWorkedExample() {
		Score score = Score.of(true);
		double[] actual = { 3, 5, 7, 9 };
		double[] predicted = { 2.5, 5, 8, 8 };
		for (int i = 0; i < actual.length; i++) {
			score.add(row(i + 1, actual[i]), new Predicted(NODES.numberNode(predicted[i]), null), List.of());
		}
		ObjectNode metrics = score.metrics();
		assertThat(metrics.get("rmse").asDouble()).isCloseTo(0.75, within(1e-12));
		assertThat(metrics.get("mae").asDouble()).isCloseTo(0.625, within(1e-12));
		assertThat(metrics.get("r2").asDouble()).isCloseTo(0.8875, within(1e-12));
		ObjectNode result = NODES.objectNode();
		score.details(result);
		JsonNode residuals = result.get("residuals");
		assertThat(residuals.get("mean").asDouble()).isCloseTo(0.125, within(1e-12));
		assertThat(residuals.get("std").asDouble()).isCloseTo(0.739509972887452, within(1e-12));
		assertThat(residuals.get("percentiles").get("p50").asDouble()).isCloseTo(0.25, within(1e-12));
		JsonNode histogram = residuals.get("histogram");
		assertThat(histogram.get("edges")).hasSize(21);
		assertThat(histogram.get("edges").get(0).asDouble()).isEqualTo(-1.0);
		assertThat(histogram.get("edges").get(20).asDouble()).isEqualTo(1.0);
		assertThat(histogram.get("counts").get(0).asLong()).isEqualTo(1);
		assertThat(histogram.get("counts").get(19).asLong()).as("the maximum is in the last bin").isEqualTo(1);
		assertThat(Math.abs(result.get("errors").get(0).get("residual").asDouble())).isEqualTo(1.0);
	}

	private static Row row(long number, Object actual) {
		return new Row(number, number + 1, null, actual, NODES.objectNode());
	}

}
