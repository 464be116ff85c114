package io.modelhost.trainer.tabular;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.trainer.TrainingFailedException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees by XGBoost, on one OpenMP thread: on a shared machine more
 * threads spin-wait rather than work (docs/adr/0007). Missing numbers go to each split's
 * learned default branch.
 *
 * @param maxDepth the deepest a tree may grow
 * @param eta the learning rate
 * @param rounds the number of boosting rounds
 */
record XGBoostLearner(int maxDepth, double eta, int rounds) implements Learner {

	private static final Pattern SPLIT = Pattern
		.compile("\\s*(\\d+):\\[f(\\d+)<([^\\]]+)\\] yes=(\\d+),no=(\\d+),missing=(\\d+)");

	private static final Pattern LEAF = Pattern.compile("\\s*(\\d+):leaf=(\\S+)");

	@Override
	public String algorithm() {
		return "xgboost";
	}

	@Override
	public Map<String, Object> params() {
		var params = new LinkedHashMap<String, Object>();
		params.put("max_depth", this.maxDepth);
		params.put("eta", this.eta);
		params.put("rounds", this.rounds);
		return params;
	}

	@Override
	public boolean linear() {
		return false;
	}

	@Override
	public Fitted fit(double[][] x, Targets y, long seed) {
		var params = new HashMap<String, Object>();
		params.put("max_depth", this.maxDepth);
		params.put("eta", this.eta);
		params.put("subsample", 0.9);
		params.put("colsample_bytree", 0.9);
		return boost(params, this.rounds, 1, x, y, seed);
	}

	/**
	 * Trains a booster on one thread and reads its trees.
	 * @param params the family's parameters; the objective, thread and seed are added
	 * @param parallelTrees trees grown per round and score ({@code num_parallel_tree})
	 */
	static Fitted boost(Map<String, Object> params, int rounds, int parallelTrees, double[][] x, Targets y, long seed) {
		params.put("nthread", 1);
		params.put("seed", seed);
		params.put("verbosity", 0);
		if (parallelTrees > 1) {
			params.put("num_parallel_tree", parallelTrees);
		}
		if (!y.classification()) {
			params.put("objective", "reg:squarederror");
		}
		else if (y.classCount() == 2) {
			params.put("objective", "binary:logistic");
		}
		else {
			params.put("objective", "multi:softprob");
			params.put("num_class", y.classCount());
		}
		try {
			DMatrix train = matrix(x);
			train.setLabel(labels(y));
			Booster booster = XGBoost.train(train, params, rounds, Map.of(), null, null);
			train.dispose();
			return new TreesFitted(booster, form(booster, x, y, parallelTrees), x[0].length, y);
		}
		catch (XGBoostError ex) {
			throw new TrainingFailedException("xgboost failed: " + ex.getMessage(), ex);
		}
	}

	static DMatrix matrix(double[][] x) throws XGBoostError {
		int width = x[0].length;
		float[] flat = new float[x.length * width];
		for (int i = 0; i < x.length; i++) {
			for (int j = 0; j < width; j++) {
				flat[i * width + j] = (float) x[i][j];
			}
		}
		return new DMatrix(flat, x.length, width, Float.NaN);
	}

	private static float[] labels(Targets y) {
		float[] labels = new float[y.classification() ? y.classes().length : y.values().length];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = y.classification() ? y.classes()[i] : (float) y.values()[i];
		}
		return labels;
	}

	/** The booster's trees from its text dump, and the base margins they add to. */
	private static ModelForm.Trees form(Booster booster, double[][] x, Targets y, int parallelTrees)
			throws XGBoostError {
		int scores = (y.classCount() > 2) ? y.classCount() : 1;
		var trees = new ArrayList<List<ModelForm.Tree>>();
		for (int s = 0; s < scores; s++) {
			trees.add(new ArrayList<>());
		}
		String[] dump = booster.getModelDump((String) null, false, "text");
		// each round grows its parallel trees score by score
		for (int t = 0; t < dump.length; t++) {
			trees.get((t / parallelTrees) % scores).add(parse(dump[t]));
		}
		// the intercept XGBoost estimates is not in the dump: read it off one row's
		// margin
		DMatrix first = matrix(new double[][] { x[0] });
		float[] margin = booster.predict(first, true)[0];
		first.dispose();
		double[] base = new double[scores];
		for (int s = 0; s < scores; s++) {
			float sum = 0;
			for (ModelForm.Tree tree : trees.get(s)) {
				sum += leaf(tree, x[0]);
			}
			base[s] = margin[s] - sum;
		}
		ModelForm.Link link = y.classification() ? ModelForm.Link.SOFTMAX : ModelForm.Link.IDENTITY;
		return new ModelForm.Trees(trees.stream().map(List::copyOf).toList(), base, link);
	}

	static float leaf(ModelForm.Tree tree, double[] row) {
		int node = 0;
		while (!tree.isLeaf(node)) {
			float value = (float) row[tree.feature()[node]];
			if (Float.isNaN(value)) {
				node = tree.missingLeft()[node] ? tree.left()[node] : tree.right()[node];
			}
			else {
				node = (value < tree.threshold()[node]) ? tree.left()[node] : tree.right()[node];
			}
		}
		return tree.leaf()[node];
	}

	static ModelForm.Tree parse(String dump) {
		String[] lines = dump.split("\n");
		int size = 0;
		for (String line : lines) {
			if (!line.isBlank()) {
				size = Math.max(size, Integer.parseInt(line.strip().substring(0, line.strip().indexOf(':'))) + 1);
			}
		}
		int[] left = new int[size];
		int[] right = new int[size];
		int[] feature = new int[size];
		float[] threshold = new float[size];
		boolean[] missingLeft = new boolean[size];
		float[] leaf = new float[size];
		for (String line : lines) {
			if (line.isBlank()) {
				continue;
			}
			Matcher split = SPLIT.matcher(line);
			Matcher terminal = LEAF.matcher(line);
			if (split.matches()) {
				int node = Integer.parseInt(split.group(1));
				feature[node] = Integer.parseInt(split.group(2));
				threshold[node] = Float.parseFloat(split.group(3));
				left[node] = Integer.parseInt(split.group(4));
				right[node] = Integer.parseInt(split.group(5));
				missingLeft[node] = split.group(6).equals(split.group(4));
			}
			else if (terminal.matches()) {
				int node = Integer.parseInt(terminal.group(1));
				left[node] = -1;
				right[node] = -1;
				leaf[node] = Float.parseFloat(terminal.group(2));
			}
			else {
				throw new IllegalStateException("unexpected xgboost dump line: " + line);
			}
		}
		return new ModelForm.Tree(left, right, feature, threshold, missingLeft, leaf);
	}

	/** A fitted booster; predictions are XGBoost's own. */
	private record TreesFitted(Booster booster, ModelForm.Trees form, int width, Targets y) implements Fitted {

		@Override
		public double[][] predict(double[][] x) {
			try {
				DMatrix matrix = matrix(x);
				float[][] raw = this.booster.predict(matrix);
				matrix.dispose();
				double[][] out = new double[x.length][];
				for (int i = 0; i < x.length; i++) {
					if (this.y.classCount() == 2) {
						out[i] = new double[] { 1 - raw[i][0], raw[i][0] };
					}
					else {
						out[i] = new double[raw[i].length];
						for (int k = 0; k < raw[i].length; k++) {
							out[i][k] = raw[i][k];
						}
					}
				}
				return out;
			}
			catch (XGBoostError ex) {
				throw new TrainingFailedException("xgboost failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public double[] importance() {
			double[] importance = new double[this.width];
			try {
				for (Map.Entry<String, Double> entry : this.booster.getScore((String) null, "total_gain").entrySet()) {
					importance[Integer.parseInt(entry.getKey().substring(1))] = entry.getValue();
				}
			}
			catch (XGBoostError | NumberFormatException ex) {
				// importance is a nicety of the report; the model stands without it
			}
			return importance;
		}

	}

}
