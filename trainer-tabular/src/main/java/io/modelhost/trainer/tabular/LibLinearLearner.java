package io.modelhost.trainer.tabular;

import java.util.LinkedHashMap;
import java.util.Map;

import de.bwaldvogel.liblinear.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.liblinear.LinearClassificationType.LinearType;

/**
 * L2-regularised logistic regression by LIBLINEAR (through Tribuo): one-vs-rest sigmoids,
 * normalised to sum to one.
 *
 * @param cost the inverse regularisation strength C
 */
record LibLinearLearner(double cost) implements Learner {

	private static final LabelFactory LABELS = new LabelFactory();

	@Override
	public String algorithm() {
		return "liblinear_logistic";
	}

	@Override
	public Map<String, Object> params() {
		var params = new LinkedHashMap<String, Object>();
		params.put("C", this.cost);
		return params;
	}

	@Override
	public boolean linear() {
		return true;
	}

	@Override
	public Fitted fit(double[][] x, Targets y, long seed) {
		var trainer = new LibLinearClassificationTrainer(new LinearClassificationType(LinearType.L2R_LR), this.cost,
				1000, 0.01, seed);
		var model = (LibLinearClassificationModel) trainer.train(TribuoData.labels(x, y.classes()));
		Model inner = model.getInnerModels().getFirst();
		int width = x[0].length;
		int[] labels = inner.getLabels();
		int scores = (labels.length == 2) ? 1 : labels.length;
		double[] flat = inner.getFeatureWeights();
		var features = model.getFeatureIDMap();
		String[] names = TribuoData.names(width);
		double[][] w = new double[y.classCount()][width];
		double[] b = new double[y.classCount()];
		double bias = inner.getBias();
		int nrFeature = inner.getNrFeature();
		for (int s = 0; s < scores; s++) {
			int k = classOf(model, labels[s]);
			for (int j = 0; j < width; j++) {
				var info = features.get(names[j]);
				// liblinear's weights are feature-major; its feature index is Tribuo's id
				// + 1
				w[k][j] = (info == null) ? 0.0 : flat[info.getID() * scores + s];
			}
			b[k] = (bias >= 0) ? flat[nrFeature * scores + s] * bias : 0.0;
		}
		if (scores == 1) {
			// two classes: liblinear scores the first of its labels; the other is its
			// opposite
			int first = classOf(model, labels[0]);
			int second = classOf(model, labels[1]);
			w[second] = w[first].clone();
			for (int j = 0; j < width; j++) {
				w[second][j] = -w[first][j];
			}
			b[second] = -b[first];
		}
		var form = new ModelForm.Linear(w, b, ModelForm.Link.NORMALIZED_SIGMOID);
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

	/** Our class index of a liblinear label (a Tribuo output id). */
	private static int classOf(LibLinearClassificationModel model, int liblinearLabel) {
		return Integer.parseInt(model.getOutputIDInfo().getOutput(liblinearLabel).getLabel());
	}

}
