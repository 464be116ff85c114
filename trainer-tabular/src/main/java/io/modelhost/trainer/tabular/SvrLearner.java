package io.modelhost.trainer.tabular;

import java.util.LinkedHashMap;
import java.util.Map;

import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.libsvm.LibSVMRegressionModel;
import org.tribuo.regression.libsvm.LibSVMRegressionTrainer;
import org.tribuo.regression.libsvm.SVMRegressionType;
import org.tribuo.regression.libsvm.SVMRegressionType.SVMMode;

/**
 * Epsilon support-vector regression with a Gaussian (RBF) kernel, by LIBSVM through
 * Tribuo, on standardised columns and a standardised target (so that the cost and the
 * tube width mean the same on any scale of target).
 *
 * @param cost the penalty C on errors outside the tube
 * @param gammaScale the kernel's inverse width times the number of (standardised) encoded
 * columns: 1 is scikit-learn's {@code gamma="scale"}
 * @param epsilon the tube's half-width, in target standard deviations
 */
record SvrLearner(double cost, double gammaScale, double epsilon) implements Learner {

	private static final RegressionFactory NUMBERS = new RegressionFactory();

	static {
		// LIBSVM prints its optimiser's progress to standard output by default
		svm.svm_set_print_string_function((message) -> {
		});
	}

	@Override
	public String algorithm() {
		return "svr_rbf";
	}

	@Override
	public Map<String, Object> params() {
		var params = new LinkedHashMap<String, Object>();
		params.put("C", this.cost);
		params.put("gamma_scale", this.gammaScale);
		params.put("epsilon", this.epsilon);
		return params;
	}

	@Override
	public boolean linear() {
		return true;
	}

	@Override
	public Fitted fit(double[][] x, Targets y, long seed) {
		double[] values = y.values();
		double mean = 0;
		for (double value : values) {
			mean += value;
		}
		mean /= values.length;
		double squares = 0;
		for (double value : values) {
			squares += (value - mean) * (value - mean);
		}
		double scale = Math.sqrt(squares / values.length);
		scale = (scale > 0) ? scale : 1.0;
		double[] standardised = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			standardised[i] = (values[i] - mean) / scale;
		}
		int width = x[0].length;
		double gamma = this.gammaScale / width;
		var parameters = new SVMParameters<>(new SVMRegressionType(SVMMode.EPSILON_SVR), KernelType.RBF);
		// set directly: Tribuo's setter warns that C is meant for classification, though
		// LIBSVM's epsilon-SVR uses it
		parameters.getParameters().C = this.cost;
		parameters.setGamma(gamma);
		parameters.setEpsilon(this.epsilon);
		var model = (LibSVMRegressionModel) new LibSVMRegressionTrainer(parameters, false, seed)
			.train(TribuoData.numbers(x, standardised));
		svm_model inner = model.getInnerModels().getFirst();
		var features = model.getFeatureIDMap();
		String[] names = TribuoData.names(width);
		// LIBSVM's sparse nodes are indexed by Tribuo's feature id; a column Tribuo never
		// saw (constant zero) has no id and is zero in every vector
		int[] columnOfId = new int[width];
		java.util.Arrays.fill(columnOfId, -1);
		for (int j = 0; j < width; j++) {
			var info = features.get(names[j]);
			if (info != null) {
				columnOfId[info.getID()] = j;
			}
		}
		double[][] vectors = new double[inner.l][width];
		double[] coefficients = new double[inner.l];
		for (int v = 0; v < inner.l; v++) {
			for (svm_node node : inner.SV[v]) {
				vectors[v][columnOfId[node.index]] = node.value;
			}
			coefficients[v] = scale * inner.sv_coef[0][v];
		}
		double intercept = mean - scale * inner.rho[0];
		var form = new ModelForm.Kernel(vectors, coefficients, intercept, gamma);
		double centre = mean;
		double spread = scale;
		return new Fitted() {

			@Override
			public double[][] predict(double[][] rows) {
				double[][] out = new double[rows.length][1];
				for (int i = 0; i < rows.length; i++) {
					double value = model.predict(TribuoData.example(NUMBERS, rows[i])).getOutput().getValues()[0];
					out[i][0] = centre + spread * value;
				}
				return out;
			}

			@Override
			public ModelForm form() {
				return form;
			}

			@Override
			public double[] importance() {
				// a kernel model has no per-column weight
				return new double[width];
			}

		};
	}

}
