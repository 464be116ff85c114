package io.modelhost.trainer.tabular;

import java.util.List;

import io.modelhost.trainer.Task;

/**
 * The configurations a search tries, cheapest and most often best first, so that a short
 * budget still sees every family (and the ensemble has different families to average).
 * Small by design: on the reference datasets these reach the H2O AutoML leader's
 * cross-validated metric (docs/training.md).
 */
final class Grid {

	private Grid() {
	}

	static List<Learner> of(Task task) {
		return switch (task) {
			case CLASSIFICATION -> List.of(new LibLinearLearner(1.0), new LogisticLearner(0.1, 50),
					new LibLinearLearner(10.0), new XGBoostLearner(3, 0.3, 100), new ForestLearner(8, 100, 0.5),
					new LibLinearLearner(0.1), new LogisticLearner(0.5, 150), new LibLinearLearner(100.0),
					new XGBoostLearner(6, 0.05, 200), new LogisticLearner(0.05, 200), new XGBoostLearner(3, 0.05, 300));
			case REGRESSION -> List.of(new ElasticNetLearner(0.01, 0.5), new ElasticNetLearner(0.1, 0.5),
					new ElasticNetLearner(0.01, 1.0), new XGBoostLearner(3, 0.05, 200), new ForestLearner(6, 200, 0.5),
					new SvrLearner(0.3, 0.3, 0.1), new SvrLearner(1.0, 0.3, 0.1), new ElasticNetLearner(0.1, 1.0),
					new ElasticNetLearner(1.0, 0.5), new ElasticNetLearner(0.001, 0.5), new SvrLearner(1.0, 0.1, 0.1),
					new XGBoostLearner(2, 0.05, 300), new SvrLearner(3.0, 0.3, 0.3), new SvrLearner(1.0, 1.0, 0.1),
					new XGBoostLearner(6, 0.05, 200));
		};
	}

}
