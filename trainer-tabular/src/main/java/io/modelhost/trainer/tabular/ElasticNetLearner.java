package io.modelhost.trainer.tabular;

import java.util.LinkedHashMap;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.ElasticNetCDTrainer;

/**
 * Elastic-net linear regression by Tribuo's coordinate descent.
 *
 * @param alpha the overall penalty
 * @param l1Ratio the share of the penalty on the L1 norm
 */
record ElasticNetLearner(double alpha, double l1Ratio) implements Learner {

	private static final RegressionFactory NUMBERS = new RegressionFactory();

	@Override
	public String algorithm() {
		return "elastic_net";
	}

	@Override
	public Map<String, Object> params() {
		var params = new LinkedHashMap<String, Object>();
		params.put("alpha", this.alpha);
		params.put("l1_ratio", this.l1Ratio);
		return params;
	}

	@Override
	public boolean linear() {
		return true;
	}

	@Override
	public Fitted fit(double[][] x, Targets y, long seed) {
		Model<Regressor> model = new ElasticNetCDTrainer(this.alpha, this.l1Ratio, seed)
			.train(TribuoData.numbers(x, y.values()));
		int width = x[0].length;
		// Tribuo keeps the weights in its own standardised space; the model is affine in
		// the encoded columns, so its coefficients are read back by probing the origin
		// and each unit vector (the PMML parity tests hold this to 1e-9)
		double origin = predict(model, new double[width]);
		double[] w = new double[width];
		for (int j = 0; j < width; j++) {
			double[] unit = new double[width];
			unit[j] = 1.0;
			w[j] = predict(model, unit) - origin;
		}
		var form = new ModelForm.Linear(new double[][] { w }, new double[] { origin }, ModelForm.Link.IDENTITY);
		return new LinearFitted(form, (rows) -> {
			double[][] values = new double[rows.length][1];
			for (int i = 0; i < rows.length; i++) {
				values[i][0] = predict(model, rows[i]);
			}
			return values;
		});
	}

	private static double predict(Model<Regressor> model, double[] row) {
		return model.predict(TribuoData.example(NUMBERS, row)).getOutput().getValues()[0];
	}

}
