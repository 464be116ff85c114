package io.modelhost.trainer.tabular;

import java.util.List;

/**
 * A fitted model reduced to what PMML expresses, over the encoded columns.
 */
sealed interface ModelForm {

	/**
	 * Linear scores {@code s_k = intercepts[k] + weights[k] . x}, turned into an answer
	 * by the link.
	 *
	 * @param weights one row per score
	 * @param intercepts one per score
	 * @param link how scores become the answer
	 */
	record Linear(double[][] weights, double[] intercepts, Link link) implements ModelForm {

	}

	/**
	 * A Gaussian-kernel expansion for regression:
	 * {@code intercept + sum_i coefficients[i] * exp(-gamma * |x - vectors[i]|^2)}.
	 *
	 * @param vectors the support vectors over the encoded columns
	 * @param coefficients one per support vector
	 * @param intercept the constant term
	 * @param gamma the kernel's inverse width
	 */
	record Kernel(double[][] vectors, double[] coefficients, double intercept, double gamma) implements ModelForm {

	}

	/** How linear scores become the answer. */
	enum Link {

		/** Regression: the single score is the value. */
		IDENTITY,
		/** Probabilities are the softmax of one score per class. */
		SOFTMAX,
		/**
		 * Probabilities are each class's logistic sigmoid, divided by their sum
		 * (LIBLINEAR's one-vs-rest logistic regression). Two classes have two opposite
		 * scores, whose sigmoids already sum to one.
		 */
		NORMALIZED_SIGMOID

	}

	/**
	 * A sum of regression trees per score, plus a base margin, then the link.
	 *
	 * @param trees per score, its trees
	 * @param baseMargins per score, the margin before any tree
	 * @param link how margins become the answer ({@link Link#IDENTITY} or softmax; one
	 * score with softmax means a binary logistic)
	 */
	record Trees(List<List<Tree>> trees, double[] baseMargins, Link link) implements ModelForm {

	}

	/**
	 * One regression tree in arrays, XGBoost-style: a row goes left when
	 * {@code x[feature] < threshold} (compared in float), to {@code missingLeft} when the
	 * value is missing.
	 */
	record Tree(int[] left, int[] right, int[] feature, float[] threshold, boolean[] missingLeft, float[] leaf) {

		boolean isLeaf(int node) {
			return this.left[node] < 0;
		}

	}

}
