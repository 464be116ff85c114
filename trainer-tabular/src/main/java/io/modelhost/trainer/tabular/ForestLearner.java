package io.modelhost.trainer.tabular;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A random forest grown by XGBoost in its random-forest mode: one round of many parallel
 * trees, each on a bootstrap-sized sample of the rows and a share of the columns per
 * split, with a learning rate of one. It exports as the same tree sums as boosted trees.
 *
 * @param maxDepth the deepest a tree may grow
 * @param trees the number of trees (per class)
 * @param columnShare the share of columns each split may choose from
 */
record ForestLearner(int maxDepth, int trees, double columnShare) implements Learner {

	@Override
	public String algorithm() {
		return "random_forest";
	}

	@Override
	public Map<String, Object> params() {
		var params = new LinkedHashMap<String, Object>();
		params.put("max_depth", this.maxDepth);
		params.put("trees", this.trees);
		params.put("colsample_bynode", this.columnShare);
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
		params.put("eta", 1.0);
		params.put("subsample", 0.632);
		params.put("colsample_bynode", this.columnShare);
		// a forest averages unregularised trees; XGBoost's default lambda would shrink
		// every leaf towards the base score
		params.put("lambda", 1e-5);
		params.put("min_child_weight", 0.0);
		return XGBoostLearner.boost(params, 1, this.trees, x, y, seed);
	}

}
