package io.modelhost.engine.jpmml;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.DerivedField;
import org.dmg.pmml.FieldRef;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.MiningFunction;
import org.dmg.pmml.MiningSchema;
import org.dmg.pmml.OpType;
import org.dmg.pmml.OutlierTreatmentMethod;
import org.dmg.pmml.PMML;
import org.dmg.pmml.Targets;
import org.dmg.pmml.True;
import org.dmg.pmml.mining.MiningModel;
import org.dmg.pmml.mining.Segment;
import org.dmg.pmml.mining.Segmentation;
import org.dmg.pmml.tree.Node;
import org.dmg.pmml.tree.TreeModel;
import org.jpmml.evaluator.InputField;
import org.jspecify.annotations.Nullable;

/**
 * A scikit-learn forest or boosted ensemble of regression trees, compiled from its PMML
 * into flat arrays and scored without the PMML evaluator's per-row maps: the shape
 * pmml-sklearn writes for {@code RandomForestClassifier} (probabilities averaged) and
 * {@code GradientBoostingRegressor} (scores summed, then rescaled), the two tested, and
 * any ensemble of binary trees of the same shape (scores averaged). Only that shape is
 * compiled: a document with anything else (other predicates, transformations, targets
 * with bounds, value treatments) is scored by the evaluator alone, and so is any row this
 * class cannot score exactly as the evaluator would (a missing, non-numeric or non-finite
 * value, a tie between classes). Each feature is read as the evaluator reads it: a
 * {@code float} field is rounded to float before the trees compare it.
 */
final class TreeEnsemble {

	/** Index into the row of the feature each node splits on; -1 for a leaf. */
	private final int[] feature;

	private final double[] threshold;

	/** Whether the left child takes values equal to the threshold ({@code <=}). */
	private final boolean[] inclusive;

	/** The left child of a split, or the leaf's index into the leaf values. */
	private final int[] left;

	private final int[] right;

	/** The root node of each tree, in segment order. */
	private final int[] roots;

	/** Per leaf: one probability per class (classification) or its score. */
	private final double[] leaves;

	/** The class labels in target order; empty for a regression. */
	private final List<Object> classes;

	/** Each used feature's row index and whether it is read as a float. */
	private final int[] used;

	private final boolean[] asFloat;

	private final boolean average;

	private final double rescaleFactor;

	private final double rescaleConstant;

	private TreeEnsemble(TreeArrays compiler, List<Object> classes, boolean average, double rescaleFactor,
			double rescaleConstant) {
		this.feature = compiler.feature.stream().mapToInt(Integer::intValue).toArray();
		this.threshold = compiler.threshold.stream().mapToDouble(Double::doubleValue).toArray();
		this.inclusive = new boolean[compiler.inclusive.size()];
		for (int i = 0; i < this.inclusive.length; i++) {
			this.inclusive[i] = compiler.inclusive.get(i);
		}
		this.left = compiler.left.stream().mapToInt(Integer::intValue).toArray();
		this.right = compiler.right.stream().mapToInt(Integer::intValue).toArray();
		this.roots = compiler.roots.stream().mapToInt(Integer::intValue).toArray();
		this.leaves = compiler.leaves.stream().mapToDouble(Double::doubleValue).toArray();
		this.classes = List.copyOf(classes);
		this.used = compiler.rowIndexes.values().stream().mapToInt(Integer::intValue).toArray();
		this.asFloat = new boolean[this.used.length];
		int k = 0;
		for (String name : compiler.rowIndexes.keySet()) {
			this.asFloat[k++] = compiler.floats.contains(name);
		}
		this.average = average;
		this.rescaleFactor = rescaleFactor;
		this.rescaleConstant = rescaleConstant;
	}

	/**
	 * The compiled ensemble, or null when the document is not of the one shape compiled.
	 * @param inputs each feature's input field in row order, null for an unused one
	 * @param classes the target's classes for a classifier, empty for a regression
	 */
	static @Nullable TreeEnsemble compile(PMML pmml, List<@Nullable InputField> inputs, List<Object> classes) {
		try {
			return compileOrThrow(pmml, inputs, classes);
		}
		catch (TreeArrays.NotCompiled | UnsupportedOperationException | ClassCastException ex) {
			// another shape (an element the object model does not carry answers
			// unsupported)
			return null;
		}
	}

	private static TreeEnsemble compileOrThrow(PMML pmml, List<@Nullable InputField> inputs, List<Object> classes) {
		TreeArrays.require(pmml.getModels().size() == 1 && pmml.getModels().getFirst() instanceof MiningModel);
		TreeArrays.require(
				pmml.getTransformationDictionary() == null || !pmml.getTransformationDictionary().hasDerivedFields());
		MiningModel mining = (MiningModel) pmml.getModels().getFirst();
		boolean classification = mining.requireMiningFunction() == MiningFunction.CLASSIFICATION;
		TreeArrays.require(classification != classes.isEmpty());
		TreeArrays.require(plainSchema(mining.requireMiningSchema()));
		TreeArrays.require(mining.getModelStats() == null && mining.getModelVerification() == null
				&& mining.getEmbeddedModels().isEmpty());
		double factor = 1;
		double constant = 0;
		Targets targets = mining.getTargets();
		if (targets != null && targets.hasTargets()) {
			TreeArrays.require(!classification && targets.getTargets().size() == 1);
			org.dmg.pmml.Target target = targets.getTargets().getFirst();
			TreeArrays.require(target.getMin() == null && target.getMax() == null && !target.hasTargetValues()
					&& target.getCastInteger() == null);
			factor = target.getRescaleFactor().doubleValue();
			constant = target.getRescaleConstant().doubleValue();
		}
		Map<String, DataField> dataFields = new HashMap<>();
		for (DataField field : pmml.getDataDictionary().getDataFields()) {
			dataFields.put(field.requireName(), field);
		}
		var compiler = new TreeArrays(classes.size());
		// each input's row index, and the float inputs
		Map<String, Integer> rows = new HashMap<>();
		for (int j = 0; j < inputs.size(); j++) {
			InputField input = inputs.get(j);
			if (input != null) {
				rows.put(input.getName(), j);
			}
		}
		// the fields the trees split on: inputs, or doubles derived from them
		Map<String, String> splitFields = new HashMap<>();
		for (String name : rows.keySet()) {
			DataField field = dataFields.get(name);
			TreeArrays.require(field != null && field.requireOpType() == OpType.CONTINUOUS && !field.hasIntervals()
					&& !field.hasValues()
					&& (field.requireDataType() == DataType.DOUBLE || field.requireDataType() == DataType.FLOAT));
			if (field.requireDataType() == DataType.FLOAT) {
				compiler.floats.add(name);
			}
			splitFields.put(name, name);
		}
		if (mining.getLocalTransformations() != null) {
			for (DerivedField derived : mining.getLocalTransformations().getDerivedFields()) {
				TreeArrays.require(
						derived.requireDataType() == DataType.DOUBLE && derived.requireOpType() == OpType.CONTINUOUS
								&& derived.requireExpression() instanceof FieldRef ref && ref.getMapMissingTo() == null
								&& rows.containsKey(ref.requireField()));
				splitFields.put(derived.requireName(), ((FieldRef) derived.requireExpression()).requireField());
			}
		}
		Segmentation segmentation = mining.requireSegmentation();
		TreeArrays.require(segmentation.getLocalTransformations() == null);
		boolean average = switch (segmentation.requireMultipleModelMethod()) {
			case AVERAGE -> true;
			case SUM -> {
				TreeArrays.require(!classification);
				yield false;
			}
			default -> throw new TreeArrays.NotCompiled();
		};
		TreeArrays.require(!segmentation.getSegments().isEmpty());
		for (Segment segment : segmentation.getSegments()) {
			TreeArrays.require(segment.requirePredicate() instanceof True && segment.getWeight().doubleValue() == 1.0
					&& segment.requireModel() instanceof TreeModel);
			TreeModel tree = (TreeModel) segment.requireModel();
			TreeArrays.require(tree.requireMiningFunction() == mining.requireMiningFunction()
					&& tree.getLocalTransformations() == null && tree.getTargets() == null && tree.getOutput() == null
					&& plainSchema(tree.requireMiningSchema())
					&& tree.getSplitCharacteristic() == TreeModel.SplitCharacteristic.BINARY_SPLIT
					&& tree.getMissingValueStrategy() == TreeModel.MissingValueStrategy.NONE
					&& tree.getNoTrueChildStrategy() == TreeModel.NoTrueChildStrategy.RETURN_NULL_PREDICTION);
			Node root = tree.requireNode();
			TreeArrays.require(root.requirePredicate() instanceof True);
			compiler.roots.add(compiler.node(root, splitFields, rows, classes));
		}
		compiler.rowIndexes.putAll(orderedIndexes(rows));
		return new TreeEnsemble(compiler, classes, average, factor, constant);
	}

	private static Map<String, Integer> orderedIndexes(Map<String, Integer> rows) {
		var ordered = new java.util.LinkedHashMap<String, Integer>();
		rows.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByValue())
			.forEach((entry) -> ordered.put(entry.getKey(), entry.getValue()));
		return ordered;
	}

	/**
	 * Whether the fields are used as given: no replacement, outlier or invalid treatment.
	 */
	private static boolean plainSchema(MiningSchema schema) {
		for (MiningField field : schema.getMiningFields()) {
			if (field.getMissingValueReplacement() != null || field.getInvalidValueReplacement() != null
					|| field.getOutlierTreatment() != OutlierTreatmentMethod.AS_IS || field.getLowValue() != null
					|| field.getHighValue() != null
					|| field.getInvalidValueTreatment() != org.dmg.pmml.InvalidValueTreatmentMethod.RETURN_INVALID) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Scores one row as the evaluator would, or answers null when the evaluator must: the
	 * row has a missing, non-numeric or non-finite value, or two classes tie.
	 */
	@Nullable Scored score(@Nullable Object[] row) {
		double[] values = new double[row.length];
		for (int k = 0; k < this.used.length; k++) {
			int j = this.used[k];
			if (j >= row.length || !(row[j] instanceof Number number) || !plainNumber(number)) {
				return null;
			}
			double value = this.asFloat[k] ? number.floatValue() : number.doubleValue();
			if (!Double.isFinite(value)) {
				return null;
			}
			values[j] = value;
		}
		return this.classes.isEmpty() ? regression(values) : classification(values);
	}

	private static boolean plainNumber(Number number) {
		return number instanceof Double || number instanceof Float || number instanceof Integer
				|| number instanceof Long || number instanceof Short || number instanceof Byte;
	}

	private Scored regression(double[] values) {
		double sum = 0;
		for (int root : this.roots) {
			sum += this.leaves[leaf(root, values)];
		}
		double value = this.average ? sum / this.roots.length : sum;
		if (this.rescaleFactor != 1) {
			value *= this.rescaleFactor;
		}
		if (this.rescaleConstant != 0) {
			value += this.rescaleConstant;
		}
		return new Scored(value, null);
	}

	private @Nullable Scored classification(double[] values) {
		int n = this.classes.size();
		double[] sums = new double[n];
		for (int root : this.roots) {
			int offset = leaf(root, values) * n;
			for (int c = 0; c < n; c++) {
				sums[c] += this.leaves[offset + c];
			}
		}
		int best = 0;
		boolean tie = false;
		for (int c = 0; c < n; c++) {
			sums[c] /= this.roots.length;
			if (c > 0 && sums[c] > sums[best]) {
				best = c;
				tie = false;
			}
			else if (c > 0 && sums[c] == sums[best]) {
				tie = true;
			}
		}
		return tie ? null : new Scored(this.classes.get(best), sums);
	}

	/** The leaf's index the row reaches from this root. */
	private int leaf(int node, double[] values) {
		int at = node;
		while (this.feature[at] >= 0) {
			double value = values[this.feature[at]];
			boolean goLeft = this.inclusive[at] ? value <= this.threshold[at] : value < this.threshold[at];
			at = goLeft ? this.left[at] : this.right[at];
		}
		return this.left[at];
	}

	/**
	 * One row's answer.
	 *
	 * @param value the class label or the regression's value
	 * @param probabilities one per class in target order; null for a regression
	 */
	record Scored(Object value, double @Nullable [] probabilities) {

	}

}
