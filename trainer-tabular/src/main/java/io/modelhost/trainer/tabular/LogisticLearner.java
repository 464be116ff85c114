package io.modelhost.trainer.tabular;

import java.util.LinkedHashMap;
import java.util.Map;

import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Multinomial logistic regression by Tribuo's LinearSGD with AdaGrad: softmax over one
 * linear score per class.
 *
 * @param learningRate AdaGrad's initial learning rate
 * @param epochs passes over the rows
 */
record LogisticLearner(double learningRate, int epochs) implements Learner {

	private static final LabelFactory LABELS = new LabelFactory();

	@Override
	public String algorithm() {
		return "logistic_sgd";
	}

	@Override
	public Map<String, Object> params() {
		var params = new LinkedHashMap<String, Object>();
		params.put("learning_rate", this.learningRate);
		params.put("epochs", this.epochs);
		return params;
	}

	@Override
	public boolean linear() {
		return true;
	}

	@Override
	public Fitted fit(double[][] x, Targets y, long seed) {
		var trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(this.learningRate, 1e-6), this.epochs,
				Integer.MAX_VALUE, 1, seed);
		var model = (LinearSGDModel) trainer.train(TribuoData.labels(x, y.classes()));
		int width = x[0].length;
		DenseMatrix weights = model.getWeightsCopy();
		double[][] w = new double[y.classCount()][width];
		double[] b = new double[y.classCount()];
		var features = model.getFeatureIDMap();
		String[] names = TribuoData.names(width);
		for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
			int k = Integer.parseInt(model.getOutputIDInfo().getOutput(id).getLabel());
			for (int j = 0; j < width; j++) {
				var info = features.get(names[j]);
				// a column that never varied in the training rows has no weight
				w[k][j] = (info == null) ? 0.0 : weights.get(id, features.getID(names[j]));
			}
			b[k] = weights.get(id, weights.getDimension2Size() - 1);
		}
		var form = new ModelForm.Linear(w, b, ModelForm.Link.SOFTMAX);
		return new LinearFitted(form, (rows) -> {
			double[][] p = new double[rows.length][y.classCount()];
			for (int i = 0; i < rows.length; i++) {
				Prediction<Label> prediction = model.predict(TribuoData.example(LABELS, rows[i]));
				for (Label label : prediction.getOutputScores().values()) {
					p[i][Integer.parseInt(label.getLabel())] = label.getScore();
				}
			}
			return p;
		});
	}

}
