package io.modelhost.trainer.tabular;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Encoded matrices as Tribuo datasets. Feature names are zero-padded column numbers, so
 * Tribuo's lexicographic feature ids are the matrix column order.
 */
final class TribuoData {

	static final String REGRESSION_DIMENSION = "y";

	private TribuoData() {
	}

	static String[] names(int width) {
		String[] names = new String[width];
		for (int j = 0; j < width; j++) {
			names[j] = String.format(java.util.Locale.ROOT, "f%06d", j);
		}
		return names;
	}

	static MutableDataset<Label> labels(double[][] x, int[] classes) {
		var factory = new LabelFactory();
		var dataset = new MutableDataset<Label>(new SimpleDataSourceProvenance("encoded rows", factory), factory);
		String[] names = names(width(x));
		for (int i = 0; i < x.length; i++) {
			dataset.add(new ArrayExample<>(new Label(Integer.toString(classes[i])), names, x[i]));
		}
		return dataset;
	}

	static MutableDataset<Regressor> numbers(double[][] x, double[] values) {
		var factory = new RegressionFactory();
		var dataset = new MutableDataset<Regressor>(new SimpleDataSourceProvenance("encoded rows", factory), factory);
		String[] names = names(width(x));
		for (int i = 0; i < x.length; i++) {
			dataset.add(new ArrayExample<>(new Regressor(REGRESSION_DIMENSION, values[i]), names, x[i]));
		}
		return dataset;
	}

	static <T extends Output<T>> Example<T> example(OutputFactory<T> factory, double[] row) {
		return new ArrayExample<>(factory.getUnknownOutput(), names(row.length), row);
	}

	private static int width(double[][] x) {
		return (x.length == 0) ? 0 : x[0].length;
	}

}
