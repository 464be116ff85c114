package io.modelhost.trainer.tabular;

/**
 * A fitted model over encoded rows, with the form it is exported in.
 */
interface Fitted {

	/**
	 * Predicts encoded rows with the library's own model.
	 * @return per row, the probability of each class, or a single value for regression
	 */
	double[][] predict(double[][] x);

	/** The model as the PMML writer needs it. */
	ModelForm form();

	/** Importance per encoded column (non-negative), for the report. */
	double[] importance();

}
