package io.modelhost.trainer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrainingRequestTests {

	private static final TabularSource EMPTY = new TabularSource() {

		@Override
		public List<Column> columns() {
			return List.of(new Column("y", ColumnType.NUMBER));
		}

		@Override
		public RowReader open() {
			throw new UnsupportedOperationException();
		}

	};

	@Test
	void refusesAMetricOfTheOtherTask() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrainingRequest(EMPTY, "y", Task.REGRESSION, Metric.ACCURACY, Duration.ofSeconds(5),
					5, Set.of(), 1, 1, Path.of("out")))
			.withMessage("metric accuracy scores classification, not regression");
	}

	@Test
	void refusesOneFold() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrainingRequest(EMPTY, "y", null, null, Duration.ofSeconds(5), 1, Set.of(), 1, 1,
					Path.of("out")))
			.withMessage("folds must be in 2..20 but was 1");
	}

	@Test
	void defaultsToFiveFoldsAndAnInferredTask() {
		TrainingRequest request = TrainingRequest.of(EMPTY, "y", Duration.ofSeconds(5), Path.of("out"));
		assertThat(request.folds()).isEqualTo(5);
		assertThat(request.task()).isNull();
	}

	@Test
	void namesMetricsAsTheApiDoes() {
		assertThat(Metric.of(Task.CLASSIFICATION)).extracting(Metric::label)
			.containsExactly("accuracy", "f1_macro", "roc_auc", "log_loss");
		assertThat(Metric.of("r2")).isEqualTo(Metric.R2);
		assertThatIllegalArgumentException().isThrownBy(() -> Metric.of("auc"))
			.withMessageContaining("unknown metric 'auc'");
	}

}
