package io.modelhost.engine.jpmml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.SafeText;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Target;
import io.modelhost.engine.TabularSignature.Task;
import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.Extension;
import org.dmg.pmml.OpType;
import org.dmg.pmml.PMML;
import org.dmg.pmml.ResultFeature;
import org.jpmml.evaluator.EvaluationException;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.EvaluatorUtil;
import org.jpmml.evaluator.FieldValue;
import org.jpmml.evaluator.InputField;
import org.jpmml.evaluator.InvalidArgumentException;
import org.jpmml.evaluator.MissingArgumentException;
import org.jpmml.evaluator.MissingFieldValueException;
import org.jpmml.evaluator.TargetField;
import org.jpmml.evaluator.TypeCheckException;
import org.jpmml.evaluator.ValueCheckException;
import org.jspecify.annotations.Nullable;

/**
 * A PMML model scored by jpmml-evaluator. The evaluator is immutable and thread-safe, so
 * this model is too; it holds no native memory.
 */
final class PmmlModel implements LoadedModel {

	/** Header extension naming, in order, every feature the model was trained on. */
	static final String FEATURE_EXTENSION = "modelhost-feature";

	private static final Set<Class<?>> INPUT_ERRORS = Set.of(ValueCheckException.class, TypeCheckException.class,
			InvalidArgumentException.class, MissingArgumentException.class, MissingFieldValueException.class);

	private final Evaluator evaluator;

	private final TabularSignature signature;

	/** For each feature in signature order, its input field, or null when unused. */
	private final List<@Nullable InputField> inputs;

	private final TargetField target;

	/**
	 * The output fields holding each class's probability, in class order; empty if none.
	 */
	private final List<String> probabilityFields;

	/** The trees compiled for speed, if the document is a plain tree ensemble. */
	private final @Nullable TreeEnsemble ensemble;

	PmmlModel(PMML pmml, Evaluator evaluator) {
		this(pmml, evaluator, true);
	}

	/**
	 * A model scored by the evaluator, and by compiled trees where it is a plain tree
	 * ensemble and {@code compileTrees} (false to compare the two).
	 */
	PmmlModel(PMML pmml, Evaluator evaluator, boolean compileTrees) {
		this.evaluator = evaluator;
		List<TargetField> targets = evaluator.getTargetFields();
		if (targets.size() != 1 || targets.getFirst().isSynthetic()) {
			throw ModelRejectedException.unsupported(Phase.LOAD,
					"the model has " + targets.size() + " targets; only models with exactly one target are served",
					"Fit one model per target, or export a multi-output model to ONNX.");
		}
		this.target = targets.getFirst();
		Map<String, InputField> byName = new LinkedHashMap<>();
		for (InputField field : evaluator.getInputFields()) {
			byName.put(field.getName(), field);
		}
		var replaced = new java.util.HashSet<String>();
		for (InputField field : byName.values()) {
			if (field.getMiningField() != null && field.getMiningField().getMissingValueReplacement() != null) {
				replaced.add(field.getName());
			}
		}
		Set<String> acceptsMissing = MissingValues.accepted(pmml, byName.keySet(), replaced);
		var features = new ArrayList<Feature>();
		var inputs = new ArrayList<@Nullable InputField>();
		for (String name : featureNames(pmml, byName)) {
			InputField field = byName.get(name);
			inputs.add(field);
			features.add((field != null) ? feature(field, acceptsMissing.contains(name)) : unusedFeature(pmml, name));
		}
		this.inputs = java.util.Collections.unmodifiableList(inputs);
		this.signature = new TabularSignature(features, target(this.target));
		this.probabilityFields = probabilityFields(evaluator, this.signature.target().classes());
		this.ensemble = compileTrees ? TreeEnsemble.compile(pmml, this.inputs, this.signature.target().classes())
				: null;
	}

	/** Whether its trees are scored compiled. */
	boolean compiled() {
		return this.ensemble != null;
	}

	/**
	 * The features in training order: recorded at conversion, else the data dictionary's.
	 */
	private static List<String> featureNames(PMML pmml, Map<String, InputField> inputs) {
		var names = new ArrayList<String>();
		if (pmml.getHeader() != null && pmml.getHeader().hasExtensions()) {
			for (Extension extension : pmml.getHeader().getExtensions()) {
				if (FEATURE_EXTENSION.equals(extension.getName()) && extension.getValue() != null) {
					names.add(extension.getValue());
				}
			}
		}
		if (names.isEmpty()) {
			for (DataField field : pmml.getDataDictionary().getDataFields()) {
				if (inputs.containsKey(field.requireName())) {
					names.add(field.requireName());
				}
			}
		}
		for (String input : inputs.keySet()) {
			if (!names.contains(input)) {
				names.add(input);
			}
		}
		return names;
	}

	private static Feature feature(InputField field, boolean acceptsMissing) {
		List<Object> categories = List.of();
		if (field.getOpType() != OpType.CONTINUOUS) {
			List<?> domain = field.getDiscreteDomain();
			categories = (domain != null) ? new ArrayList<>(domain) : List.of();
		}
		return new Feature(field.getName(), type(field.getDataType()), categories, true, acceptsMissing);
	}

	private static Feature unusedFeature(PMML pmml, String name) {
		for (DataField field : pmml.getDataDictionary().getDataFields()) {
			if (name.equals(field.getName())) {
				return new Feature(name, type(field.requireDataType()), List.of(), false, true);
			}
		}
		return new Feature(name, FeatureType.DOUBLE, List.of(), false, true);
	}

	private static FeatureType type(DataType type) {
		return switch (type) {
			case DOUBLE -> FeatureType.DOUBLE;
			case FLOAT -> FeatureType.FLOAT;
			case INTEGER -> FeatureType.INTEGER;
			case BOOLEAN -> FeatureType.BOOLEAN;
			case STRING -> FeatureType.STRING;
			default -> throw ModelRejectedException.unsupported(Phase.LOAD,
					"an input of PMML type " + type.value() + " is not supported",
					"Use numeric, string or boolean features.");
		};
	}

	private static Target target(TargetField field) {
		if (field.getOpType() == OpType.CONTINUOUS) {
			return new Target(field.getName(), Task.REGRESSION, List.of());
		}
		return new Target(field.getName(), Task.CLASSIFICATION, new ArrayList<>(field.getCategories()));
	}

	@Override
	public ModelSignature signature() {
		return this.signature;
	}

	@Override
	public Prediction predict(ModelInput input) {
		if (!(input instanceof ModelInput.Rows(List<@Nullable Object[]> rows))) {
			throw new IllegalArgumentException("a tabular model takes rows, not " + input.getClass().getSimpleName());
		}
		var values = new ArrayList<@Nullable Object>(rows.size());
		var probabilities = new ArrayList<double[]>(rows.size());
		boolean allProbabilities = !this.probabilityFields.isEmpty();
		var problems = new ArrayList<InputProblem>();
		for (int i = 0; i < rows.size(); i++) {
			if (refusesMissing(rows.get(i), i, problems)) {
				continue;
			}
			TreeEnsemble.Scored scored = (this.ensemble != null) ? this.ensemble.score(rows.get(i)) : null;
			if (scored != null) {
				values.add(scored.value());
				if (scored.probabilities() != null && !this.probabilityFields.isEmpty()) {
					probabilities.add(scored.probabilities());
				}
				else {
					allProbabilities = false;
				}
				continue;
			}
			Map<String, ?> result;
			try {
				result = this.evaluator.evaluate(arguments(rows.get(i)));
			}
			catch (EvaluationException ex) {
				if (INPUT_ERRORS.stream().noneMatch((type) -> type.isInstance(ex))) {
					throw new PredictionFailedException("the PMML evaluator failed: " + SafeText.describe(ex), ex);
				}
				problems.add(new InputProblem("/" + i, SafeText.describe(ex)));
				continue;
			}
			Object value = result.get(this.target.getName());
			values.add(EvaluatorUtil.decode(value));
			double[] distribution = probabilities(result);
			if (distribution != null) {
				probabilities.add(distribution);
			}
			else {
				allProbabilities = false;
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return new Prediction.Values(values, allProbabilities ? probabilities : null);
	}

	/**
	 * Whether the row has a missing value the model cannot take (the evaluator would
	 * answer null, or follow an arbitrary branch); adds a problem for each.
	 */
	private boolean refusesMissing(@Nullable Object[] row, int index, List<InputProblem> problems) {
		boolean refused = false;
		for (int j = 0; j < row.length && j < this.signature.features().size(); j++) {
			Feature feature = this.signature.features().get(j);
			if (row[j] == null && feature.used() && !feature.acceptsMissing()) {
				problems.add(new InputProblem("/" + index + "/" + j, "feature '" + feature.name()
						+ "' is missing, and this model cannot take a missing value for it"));
				refused = true;
			}
		}
		return refused;
	}

	/**
	 * One probability per class, from the probability output fields; null when the model
	 * has none.
	 */
	private double @Nullable [] probabilities(Map<String, ?> result) {
		if (this.probabilityFields.isEmpty()) {
			return null;
		}
		double[] row = new double[this.probabilityFields.size()];
		for (int c = 0; c < row.length; c++) {
			if (!(result.get(this.probabilityFields.get(c)) instanceof Number probability)) {
				return null;
			}
			row[c] = probability.doubleValue();
		}
		return row;
	}

	/**
	 * The output fields that give each class's probability, in class order; empty unless
	 * the model declares one for every class (an SVC's votes, say, are no probabilities).
	 */
	private static List<String> probabilityFields(Evaluator evaluator, List<Object> classes) {
		var fields = new ArrayList<String>();
		for (Object label : classes) {
			evaluator.getOutputFields()
				.stream()
				.filter((field) -> field.getField() instanceof org.dmg.pmml.OutputField output
						&& output.getResultFeature() == ResultFeature.PROBABILITY && output.getValue() != null
						&& String.valueOf(output.getValue()).equals(String.valueOf(label)))
				.findFirst()
				.ifPresent((field) -> fields.add(field.getName()));
		}
		return (fields.size() == classes.size()) ? List.copyOf(fields) : List.of();
	}

	private Map<String, FieldValue> arguments(@Nullable Object[] row) {
		Map<String, FieldValue> arguments = new HashMap<>();
		for (int j = 0; j < this.inputs.size(); j++) {
			InputField field = this.inputs.get(j);
			if (field != null) {
				arguments.put(field.getName(), field.prepare(row[j]));
			}
		}
		return arguments;
	}

	@Override
	public void close() {
		// heap only: the garbage collector frees it
	}

}
