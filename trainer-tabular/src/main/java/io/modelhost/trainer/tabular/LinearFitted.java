package io.modelhost.trainer.tabular;

import java.util.function.UnaryOperator;

/**
 * A fitted linear model: the library predicts, the form exports; importance is the
 * largest absolute weight of each (standardised) column.
 */
record LinearFitted(ModelForm.Linear form, UnaryOperator<double[][]> predictor) implements Fitted {

	@Override
	public double[][] predict(double[][] x) {
		return this.predictor.apply(x);
	}

	@Override
	public double[] importance() {
		double[] importance = new double[this.form.weights()[0].length];
		for (double[] row : this.form.weights()) {
			for (int j = 0; j < row.length; j++) {
				importance[j] = Math.max(importance[j], Math.abs(row[j]));
			}
		}
		return importance;
	}

}
