package io.modelhost.trainer.tabular;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.trainer.Column;
import io.modelhost.trainer.ColumnType;
import io.modelhost.trainer.tabular.FeaturePlan.Feature;
import jakarta.xml.bind.JAXBException;
import org.dmg.pmml.Apply;
import org.dmg.pmml.Array;
import org.dmg.pmml.ComplexArray;
import org.dmg.pmml.Constant;
import org.dmg.pmml.DataDictionary;
import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.DerivedField;
import org.dmg.pmml.Expression;
import org.dmg.pmml.Extension;
import org.dmg.pmml.FieldRef;
import org.dmg.pmml.Header;
import org.dmg.pmml.InvalidValueTreatmentMethod;
import org.dmg.pmml.MathContext;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.MiningFunction;
import org.dmg.pmml.MiningSchema;
import org.dmg.pmml.Model;
import org.dmg.pmml.NormDiscrete;
import org.dmg.pmml.OpType;
import org.dmg.pmml.Output;
import org.dmg.pmml.OutputField;
import org.dmg.pmml.PMML;
import org.dmg.pmml.PMMLFunctions;
import org.dmg.pmml.ResultFeature;
import org.dmg.pmml.SimplePredicate;
import org.dmg.pmml.TransformationDictionary;
import org.dmg.pmml.True;
import org.dmg.pmml.Value;
import org.dmg.pmml.Version;
import org.dmg.pmml.mining.MiningModel;
import org.dmg.pmml.mining.Segment;
import org.dmg.pmml.mining.Segmentation;
import org.dmg.pmml.regression.NumericPredictor;
import org.dmg.pmml.regression.RegressionModel;
import org.dmg.pmml.regression.RegressionTable;
import org.dmg.pmml.support_vector_machine.Coefficient;
import org.dmg.pmml.support_vector_machine.Coefficients;
import org.dmg.pmml.support_vector_machine.RadialBasisKernel;
import org.dmg.pmml.support_vector_machine.SupportVector;
import org.dmg.pmml.support_vector_machine.SupportVectorMachine;
import org.dmg.pmml.support_vector_machine.SupportVectorMachineModel;
import org.dmg.pmml.support_vector_machine.SupportVectors;
import org.dmg.pmml.support_vector_machine.VectorDictionary;
import org.dmg.pmml.support_vector_machine.VectorFields;
import org.dmg.pmml.support_vector_machine.VectorInstance;
import org.dmg.pmml.tree.BranchNode;
import org.dmg.pmml.tree.LeafNode;
import org.dmg.pmml.tree.Node;
import org.dmg.pmml.tree.TreeModel;
import org.jpmml.model.JAXBSerializer;

/**
 * Writes a fitted model, or an ensemble of them, and the preprocessing as one PMML
 * document over the dataset's own columns: imputation and scaling as PMML
 * transformations, one-hot encoding as {@code NormDiscrete} (a missing or unseen category
 * is all zeros), class labels as the target's values with a probability output per class.
 * An ensemble is a {@code MiningModel} whose {@code weightedAverage} segmentation
 * averages its members' probabilities or values; each member reads the transformations
 * its family needs.
 */
final class PmmlWriter {

	/** Header extension naming, in order, every column the served model takes. */
	static final String FEATURE_EXTENSION = "modelhost-feature";

	private final FeaturePlan plan;

	private final Column target;

	private final List<String> classes;

	/**
	 * The transformations by name. Members of one family share their encoder (fitted on
	 * every row), so a name always means one expression.
	 */
	private final Map<String, DerivedField> derived = new LinkedHashMap<>();

	/**
	 * The current member's encoder. Every encoder encodes the plan's features, so the
	 * last member's also gives the ensemble's mining schema.
	 */
	private Encoder encoder;

	/**
	 * Prefixes the current member's intermediate fields, which must be unique in the
	 * document.
	 */
	private String prefix = "";

	PmmlWriter(FeaturePlan plan, Column target, List<String> classes) {
		this.plan = plan;
		this.target = target;
		this.classes = List.copyOf(classes);
	}

	void write(Ensemble ensemble, Path file) throws IOException {
		Model model;
		if (ensemble.members().size() == 1) {
			model = member(ensemble.members().getFirst(), "");
			if (classification()) {
				model.setOutput(probabilities());
			}
		}
		else {
			var segments = new ArrayList<Segment>();
			for (int m = 0; m < ensemble.members().size(); m++) {
				Ensemble.Member member = ensemble.members().get(m);
				String id = "member" + m;
				segments.add(new Segment().setId(id)
					.setWeight(member.weight())
					.setPredicate(True.INSTANCE)
					.setModel(member(member, id + ":")));
			}
			model = new MiningModel(classification() ? MiningFunction.CLASSIFICATION : MiningFunction.REGRESSION,
					miningSchema(true, List.of()))
				.setSegmentation(new Segmentation(Segmentation.MultipleModelMethod.WEIGHTED_AVERAGE, segments));
			if (classification()) {
				model.setOutput(probabilities());
			}
		}
		var header = new Header().setDescription("Trained by Modelhost's tabular trainer");
		for (Column input : this.plan.inputs()) {
			header.addExtensions(new Extension().setName(FEATURE_EXTENSION).setValue(input.name()));
		}
		var pmml = new PMML(Version.PMML_4_4.getVersion(), header, dataDictionary());
		pmml.setTransformationDictionary(
				new TransformationDictionary().addDerivedFields(this.derived.values().toArray(DerivedField[]::new)));
		pmml.addModels(model);
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
			new JAXBSerializer().serialize(pmml, out);
		}
		catch (JAXBException ex) {
			throw new IOException("cannot write PMML: " + ex.getMessage(), ex);
		}
	}

	private Model member(Ensemble.Member member, String prefix) {
		this.encoder = member.encoder();
		this.prefix = prefix;
		List<String> columns = encodedFields();
		return switch (member.fitted().form()) {
			case ModelForm.Linear linear -> linear(linear, columns);
			case ModelForm.Trees trees -> trees(trees, columns);
			case ModelForm.Kernel kernel -> kernel(kernel, columns);
		};
	}

	private boolean classification() {
		return !this.classes.isEmpty();
	}

	private DataDictionary dataDictionary() {
		var dictionary = new DataDictionary();
		for (Column input : this.plan.inputs()) {
			Feature feature = feature(input.name());
			if (input.type().isNumeric()) {
				dictionary.addDataFields(new DataField(input.name(), OpType.CONTINUOUS, DataType.DOUBLE));
			}
			else {
				var field = new DataField(input.name(), OpType.CATEGORICAL,
						(input.type() == ColumnType.BOOLEAN) ? DataType.BOOLEAN : DataType.STRING);
				if (feature != null) {
					feature.levels().forEach((level) -> field.addValues(new Value(level)));
				}
				dictionary.addDataFields(field);
			}
		}
		if (classification()) {
			var field = new DataField(this.target.name(), OpType.CATEGORICAL, DataType.STRING);
			this.classes.forEach((label) -> field.addValues(new Value(label)));
			dictionary.addDataFields(field);
		}
		else {
			dictionary.addDataFields(new DataField(this.target.name(), OpType.CONTINUOUS, DataType.DOUBLE));
		}
		return dictionary;
	}

	private Feature feature(String name) {
		return this.plan.features().stream().filter((f) -> f.name().equals(name)).findFirst().orElse(null);
	}

	/** The field each encoded column is read from, deriving one where needed. */
	private List<String> encodedFields() {
		var fields = new ArrayList<String>();
		for (int j = 0; j < this.encoder.features().size(); j++) {
			Feature feature = this.encoder.features().get(j);
			if (feature.numeric()) {
				if (!this.encoder.linear()) {
					// trees compare in float, as XGBoost does; missing stays missing
					String name = "float(" + feature.name() + ")";
					derive(name, DataType.FLOAT, new FieldRef(feature.name()));
					fields.add(name);
					continue;
				}
				// a missing value is imputed with the median, standardised like the rest
				String name = "standardised(" + feature.name() + ")";
				Expression centred = new Apply(PMMLFunctions.SUBTRACT).addExpressions(new FieldRef(feature.name()),
						new Constant(this.encoder.means()[j]).setDataType(DataType.DOUBLE));
				Expression scaled = new Apply(PMMLFunctions.DIVIDE)
					.addExpressions(centred, new Constant(this.encoder.scales()[j]).setDataType(DataType.DOUBLE))
					.setMapMissingTo((this.encoder.medians()[j] - this.encoder.means()[j]) / this.encoder.scales()[j]);
				derive(name, DataType.DOUBLE, scaled);
				fields.add(name);
			}
			else {
				for (String level : feature.levels()) {
					String name = "onehot(" + feature.name() + "=" + level + ")";
					derive(name, DataType.DOUBLE, new NormDiscrete(feature.name(), level).setMapMissingTo(0.0));
					fields.add(name);
				}
			}
		}
		return fields;
	}

	private void derive(String name, DataType type, Expression expression) {
		this.derived.putIfAbsent(name, new DerivedField(name, OpType.CONTINUOUS, type, expression));
	}

	/** The raw columns the model reads, each with its invalid value rule. */
	private MiningSchema miningSchema(boolean withTarget, List<String> chained) {
		var schema = new MiningSchema();
		if (withTarget) {
			schema.addMiningFields(new MiningField(this.target.name()).setUsageType(MiningField.UsageType.TARGET));
		}
		for (int j = 0; j < this.encoder.features().size(); j++) {
			Feature feature = this.encoder.features().get(j);
			var field = new MiningField(feature.name());
			if (!feature.numeric()) {
				// an unseen category is treated as missing: all its indicators are zero
				field.setInvalidValueTreatment(InvalidValueTreatmentMethod.AS_MISSING);
			}
			schema.addMiningFields(field);
		}
		chained.forEach((name) -> schema.addMiningFields(new MiningField(name)));
		return schema;
	}

	private Output probabilities() {
		var output = new Output();
		for (String label : this.classes) {
			output.addOutputFields(new OutputField("probability(" + label + ")", OpType.CONTINUOUS, DataType.DOUBLE)
				.setResultFeature(ResultFeature.PROBABILITY)
				.setValue(label));
		}
		return output;
	}

	private static OutputField chainedValue(String name) {
		return new OutputField(name, OpType.CONTINUOUS, DataType.DOUBLE).setResultFeature(ResultFeature.PREDICTED_VALUE)
			.setFinalResult(false);
	}

	private Model linear(ModelForm.Linear form, List<String> columns) {
		switch (form.link()) {
			case IDENTITY -> {
				return new RegressionModel(MiningFunction.REGRESSION, miningSchema(true, List.of()),
						List.of(table(form, 0, columns)));
			}
			case SOFTMAX -> {
				var tables = new ArrayList<RegressionTable>();
				for (int k = 0; k < this.classes.size(); k++) {
					tables.add(table(form, k, columns).setTargetCategory(this.classes.get(k)));
				}
				return new RegressionModel(MiningFunction.CLASSIFICATION, miningSchema(true, List.of()), tables)
					.setNormalizationMethod(RegressionModel.NormalizationMethod.SOFTMAX);
			}
			case NORMALIZED_SIGMOID -> {
				var segments = new ArrayList<Segment>();
				var sigmoids = new ArrayList<String>();
				var tables = new ArrayList<RegressionTable>();
				for (int k = 0; k < this.classes.size(); k++) {
					String name = this.prefix + "sigmoid(" + this.classes.get(k) + ")";
					Model score = new RegressionModel(MiningFunction.REGRESSION, miningSchema(false, List.of()),
							List.of(table(form, k, columns)))
						.setNormalizationMethod(RegressionModel.NormalizationMethod.LOGIT)
						.setOutput(new Output().addOutputFields(chainedValue(name)));
					segments.add(new Segment().setId(name).setPredicate(True.INSTANCE).setModel(score));
					sigmoids.add(name);
					tables.add(new RegressionTable(0.0).setTargetCategory(this.classes.get(k))
						.addNumericPredictors(new NumericPredictor(name, 1.0)));
				}
				Model normalise = new RegressionModel(MiningFunction.CLASSIFICATION, miningSchema(true, sigmoids),
						tables)
					.setNormalizationMethod(RegressionModel.NormalizationMethod.SIMPLEMAX);
				segments.add(new Segment().setId("normalise").setPredicate(True.INSTANCE).setModel(normalise));
				return new MiningModel(MiningFunction.CLASSIFICATION, miningSchema(true, List.of()))
					.setSegmentation(new Segmentation(Segmentation.MultipleModelMethod.MODEL_CHAIN, segments));
			}
		}
		throw new IllegalStateException("unreachable");
	}

	private static RegressionTable table(ModelForm.Linear form, int row, List<String> columns) {
		var table = new RegressionTable(form.intercepts()[row]);
		for (int j = 0; j < columns.size(); j++) {
			if (form.weights()[row][j] != 0.0) {
				table.addNumericPredictors(new NumericPredictor(columns.get(j), form.weights()[row][j]));
			}
		}
		return table;
	}

	private Model kernel(ModelForm.Kernel form, List<String> columns) {
		var fields = new VectorFields();
		columns.forEach((column) -> fields.addContent(new FieldRef(column)));
		var dictionary = new VectorDictionary(fields.setNumberOfFields(columns.size()))
			.setNumberOfVectors(form.vectors().length);
		var vectors = new SupportVectors().setNumberOfSupportVectors(form.vectors().length)
			.setNumberOfAttributes(columns.size());
		var coefficients = new Coefficients().setNumberOfCoefficients(form.vectors().length)
			.setAbsoluteValue(form.intercept());
		for (int v = 0; v < form.vectors().length; v++) {
			String id = Integer.toString(v);
			var values = new ArrayList<Double>();
			for (double value : form.vectors()[v]) {
				values.add(value);
			}
			dictionary.addVectorInstances(new VectorInstance(id, null,
					new ComplexArray().setType(Array.Type.REAL).setValue(values).setN(values.size())));
			vectors.addSupportVectors(new SupportVector(id));
			coefficients.addCoefficients(new Coefficient().setValue(form.coefficients()[v]));
		}
		var machine = new SupportVectorMachine(coefficients).setSupportVectors(vectors);
		return new SupportVectorMachineModel(MiningFunction.REGRESSION, miningSchema(true, List.of()),
				new RadialBasisKernel().setGamma(form.gamma()), dictionary, List.of(machine));
	}

	private Model trees(ModelForm.Trees form, List<String> columns) {
		if (!classification()) {
			return margin(form, 0, columns, true);
		}
		var segments = new ArrayList<Segment>();
		var margins = new ArrayList<String>();
		for (int s = 0; s < form.trees().size(); s++) {
			String name = this.prefix + "margin(" + s + ")";
			Model margin = margin(form, s, columns, false).setOutput(new Output().addOutputFields(chainedValue(name)));
			segments.add(new Segment().setId(name).setPredicate(True.INSTANCE).setModel(margin));
			margins.add(name);
		}
		var tables = new ArrayList<RegressionTable>();
		RegressionModel.NormalizationMethod normalization;
		if (this.classes.size() == 2) {
			// binary logistic: the first table gives the positive class, the second the
			// rest
			normalization = RegressionModel.NormalizationMethod.LOGIT;
			tables.add(new RegressionTable(0.0).setTargetCategory(this.classes.get(1))
				.addNumericPredictors(new NumericPredictor(margins.getFirst(), 1.0)));
			tables.add(new RegressionTable(0.0).setTargetCategory(this.classes.get(0)));
		}
		else {
			normalization = RegressionModel.NormalizationMethod.SOFTMAX;
			for (int k = 0; k < this.classes.size(); k++) {
				tables.add(new RegressionTable(0.0).setTargetCategory(this.classes.get(k))
					.addNumericPredictors(new NumericPredictor(margins.get(k), 1.0)));
			}
		}
		Model link = new RegressionModel(MiningFunction.CLASSIFICATION, miningSchema(true, margins), tables)
			.setNormalizationMethod(normalization);
		segments.add(new Segment().setId("link").setPredicate(True.INSTANCE).setModel(link));
		return new MiningModel(MiningFunction.CLASSIFICATION, miningSchema(true, List.of()))
			.setSegmentation(new Segmentation(Segmentation.MultipleModelMethod.MODEL_CHAIN, segments));
	}

	/**
	 * The sum of one score's trees and its base margin, in float as XGBoost adds them.
	 */
	private MiningModel margin(ModelForm.Trees form, int score, List<String> columns, boolean withTarget) {
		var segments = new ArrayList<Segment>();
		segments
			.add(new Segment().setId("base")
				.setPredicate(True.INSTANCE)
				.setModel(new TreeModel(MiningFunction.REGRESSION, miningSchema(false, List.of()),
						new LeafNode((float) form.baseMargins()[score], True.INSTANCE))
					.setMathContext(MathContext.FLOAT)));
		List<ModelForm.Tree> trees = form.trees().get(score);
		for (int t = 0; t < trees.size(); t++) {
			Node root = node(trees.get(t), 0, True.INSTANCE, columns);
			segments.add(new Segment().setId(Integer.toString(t))
				.setPredicate(True.INSTANCE)
				.setModel(new TreeModel(MiningFunction.REGRESSION, miningSchema(false, List.of()), root)
					.setMissingValueStrategy(TreeModel.MissingValueStrategy.DEFAULT_CHILD)
					.setSplitCharacteristic(TreeModel.SplitCharacteristic.BINARY_SPLIT)
					.setMathContext(MathContext.FLOAT)));
		}
		return new MiningModel(MiningFunction.REGRESSION, miningSchema(withTarget, List.of()))
			.setSegmentation(new Segmentation(Segmentation.MultipleModelMethod.SUM, segments))
			.setMathContext(MathContext.FLOAT);
	}

	private static Node node(ModelForm.Tree tree, int id, org.dmg.pmml.Predicate predicate, List<String> columns) {
		if (tree.isLeaf(id)) {
			return new LeafNode(tree.leaf()[id], predicate).setId(Integer.toString(id));
		}
		String field = columns.get(tree.feature()[id]);
		String threshold = Float.toString(tree.threshold()[id]);
		Node left = node(tree, tree.left()[id],
				new SimplePredicate(field, SimplePredicate.Operator.LESS_THAN, threshold), columns);
		Node right = node(tree, tree.right()[id],
				new SimplePredicate(field, SimplePredicate.Operator.GREATER_OR_EQUAL, threshold), columns);
		int missing = tree.missingLeft()[id] ? tree.left()[id] : tree.right()[id];
		return new BranchNode(null, predicate).setId(Integer.toString(id))
			.setDefaultChild(Integer.toString(missing))
			.addNodes(left, right);
	}

}
