package io.modelhost.engine.jpmml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dmg.pmml.Predicate;
import org.dmg.pmml.ScoreDistribution;
import org.dmg.pmml.SimplePredicate;
import org.dmg.pmml.tree.Node;

/**
 * The growing flat arrays a {@link TreeEnsemble} is compiled into: a tree's nodes are
 * appended depth first, a split as its feature, threshold and children, a leaf as its
 * values (one probability per class, or a score). Throws {@link NotCompiled} at the first
 * node of another shape than a binary split on one number.
 */
final class TreeArrays {

	final List<Integer> feature = new ArrayList<>();

	final List<Double> threshold = new ArrayList<>();

	final List<Boolean> inclusive = new ArrayList<>();

	final List<Integer> left = new ArrayList<>();

	final List<Integer> right = new ArrayList<>();

	final List<Integer> roots = new ArrayList<>();

	final List<Double> leaves = new ArrayList<>();

	final java.util.Set<String> floats = new java.util.HashSet<>();

	final Map<String, Integer> rowIndexes = new java.util.LinkedHashMap<>();

	private final int classes;

	private int leafCount;

	TreeArrays(int classes) {
		this.classes = classes;
	}

	/**
	 * Appends a node (whose own predicate was checked by its parent) and its subtree;
	 * answers its index.
	 */
	int node(Node node, Map<String, String> splitFields, Map<String, Integer> rows, List<Object> labels) {
		int index = this.feature.size();
		this.feature.add(-1);
		this.threshold.add(0.0);
		this.inclusive.add(true);
		this.left.add(-1);
		this.right.add(-1);
		if (!node.hasNodes()) {
			this.left.set(index, leaf(node, labels));
			return index;
		}
		List<Node> children = node.getNodes();
		require(children.size() == 2 && node.getEmbeddedModel() == null);
		Predicate first = children.get(0).requirePredicate();
		Predicate second = children.get(1).requirePredicate();
		require(first instanceof SimplePredicate && second instanceof SimplePredicate);
		SimplePredicate split = (SimplePredicate) first;
		SimplePredicate complement = (SimplePredicate) second;
		require(split.requireField().equals(complement.requireField()) && split.getValue() != null
				&& String.valueOf(split.getValue()).equals(String.valueOf(complement.getValue())));
		boolean inclusive = switch (split.requireOperator()) {
			case LESS_OR_EQUAL -> complement.requireOperator() == SimplePredicate.Operator.GREATER_THAN;
			case LESS_THAN -> {
				require(complement.requireOperator() == SimplePredicate.Operator.GREATER_OR_EQUAL);
				yield false;
			}
			default -> throw new NotCompiled();
		};
		require(!inclusive || complement.requireOperator() == SimplePredicate.Operator.GREATER_THAN);
		String input = splitFields.get(split.requireField());
		require(input != null);
		double threshold = threshold(split.getValue());
		this.feature.set(index, rows.get(input));
		this.threshold.set(index, threshold);
		this.inclusive.set(index, inclusive);
		this.left.set(index, node(children.get(0), splitFields, rows, labels));
		this.right.set(index, node(children.get(1), splitFields, rows, labels));
		return index;
	}

	private static double threshold(Object value) {
		double threshold;
		if (value instanceof Number number) {
			threshold = number.doubleValue();
		}
		else {
			try {
				threshold = Double.parseDouble(String.valueOf(value));
			}
			catch (NumberFormatException ex) {
				throw new NotCompiled();
			}
		}
		require(Double.isFinite(threshold));
		return threshold;
	}

	/** Appends a leaf's values; answers its index among the leaves. */
	private int leaf(Node node, List<Object> labels) {
		if (this.classes == 0) {
			require(node.getScore() != null && !node.hasScoreDistributions());
			this.leaves.add(threshold(node.getScore()));
			return this.leafCount++;
		}
		require(node.hasScoreDistributions());
		double[] probabilities = new double[this.classes];
		boolean[] seen = new boolean[this.classes];
		double total = 0;
		for (ScoreDistribution distribution : node.getScoreDistributions()) {
			require(distribution.getProbability() == null && distribution.getRecordCount() != null);
			total += distribution.getRecordCount().doubleValue();
		}
		require(total > 0);
		for (ScoreDistribution distribution : node.getScoreDistributions()) {
			int c = indexOf(labels, distribution.requireValue());
			require(c >= 0 && !seen[c]);
			seen[c] = true;
			probabilities[c] = distribution.getRecordCount().doubleValue() / total;
		}
		for (double probability : probabilities) {
			this.leaves.add(probability);
		}
		return this.leafCount++;
	}

	private static int indexOf(List<Object> labels, Object value) {
		for (int c = 0; c < labels.size(); c++) {
			if (String.valueOf(labels.get(c)).equals(String.valueOf(value))) {
				return c;
			}
		}
		return -1;
	}

	/** Fails compilation unless the condition holds. */
	static void require(boolean condition) {
		if (!condition) {
			throw new NotCompiled();
		}
	}

	/** Signals a document that is not of the compiled shape. */
	static final class NotCompiled extends RuntimeException {

		NotCompiled() {
			super(null, null, false, false);
		}

	}

}
