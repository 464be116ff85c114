package io.modelhost.trainer.tabular;

import java.util.Map;

/**
 * One configuration of a model family: fits an encoded matrix.
 *
 * <p>
 * A learner keeps no state between fits; {@link #fit} may run on several threads at once.
 */
sealed interface Learner
		permits LogisticLearner, LibLinearLearner, ElasticNetLearner, XGBoostLearner, ForestLearner, SvrLearner {

	/** The family, e.g. {@code xgboost}. */
	String algorithm();

	/** The hyper-parameters that set this configuration apart. */
	Map<String, Object> params();

	/**
	 * Whether the family needs imputed, standardised numbers; trees take them raw with
	 * missing values.
	 */
	boolean linear();

	/**
	 * Fits the rows.
	 * @param x the encoded rows
	 * @param y their targets
	 * @param seed seeds every random choice
	 */
	Fitted fit(double[][] x, Targets y, long seed);

	/**
	 * Targets of the rows a learner fits: class indices or numbers.
	 *
	 * @param classes each row's class index, for classification
	 * @param classCount the number of classes, 0 for regression
	 * @param values each row's number, for regression
	 */
	record Targets(int[] classes, int classCount, double[] values) {

		boolean classification() {
			return this.classCount > 0;
		}

		Targets subset(int[] rows) {
			int[] c = new int[rows.length];
			double[] v = new double[rows.length];
			for (int i = 0; i < rows.length; i++) {
				c[i] = classification() ? this.classes[rows[i]] : 0;
				v[i] = classification() ? 0 : this.values[rows[i]];
			}
			return new Targets(c, this.classCount, v);
		}

	}

}
