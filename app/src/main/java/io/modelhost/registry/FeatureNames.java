package io.modelhost.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TensorSignature;

/**
 * Applies the feature names an uploader declared to a model's signature.
 *
 * <p>
 * A model fitted on a bare array has no feature names: converted, its features are called
 * {@code x1..xN}, and declared names replace those, in order. A model whose file names
 * its features (a pipeline with {@code feature_names_in_}, a PMML document with named
 * fields) keeps its names: a declaration must then repeat them exactly, since the names
 * in the file are the ones its own documentation and its users know. Renaming changes
 * only what the platform calls the features: rows still reach the model in the same
 * order.
 */
final class FeatureNames {

	private FeatureNames() {
	}

	/**
	 * @return the signature with the declared names (and the model's types); the
	 * signature itself when nothing is declared
	 * @throws InvalidDeclarationException listing every disagreement, each at its pointer
	 * under {@code /features}
	 */
	static ModelSignature apply(ModelSignature signature, List<FeatureDeclaration> declared) {
		if (declared.isEmpty()) {
			return signature;
		}
		TabularSignature tabular = switch (signature) {
			case TabularSignature rows -> rows;
			case TensorSignature tensors -> throw new InvalidDeclarationException("/features",
					"the model takes tensors, not rows of features; leave 'features' out (its inputs are named "
							+ tensors.inputs().stream().map(TensorSignature.TensorSpec::name).toList() + ")");
		};
		List<Feature> own = tabular.features();
		if (own.size() != declared.size()) {
			throw new InvalidDeclarationException("/features", "the model has " + own.size() + " features, but "
					+ "'features' names " + declared.size() + "; name all " + own.size() + ", in the model's order");
		}
		var problems = new ArrayList<InputProblem>();
		boolean generic = generic(own);
		var renamed = new ArrayList<Feature>();
		for (int i = 0; i < own.size(); i++) {
			Feature feature = own.get(i);
			FeatureDeclaration declaration = declared.get(i);
			if (!generic && !feature.name().equals(declaration.name())) {
				problems.add(new InputProblem("/features/" + i,
						"the model's file already names this feature '" + feature.name()
								+ "'; a model with named features keeps its names: leave 'features' out, "
								+ "or repeat the names exactly"));
			}
			if (declaration.type() != null && declaration.type() != feature.type()) {
				problems.add(new InputProblem("/features/" + i + "/type",
						"feature " + (i + 1) + " ('" + declaration.name() + "') is "
								+ feature.type().name().toLowerCase(Locale.ROOT) + " in the model, not "
								+ declaration.type().name().toLowerCase(Locale.ROOT)));
			}
			renamed.add(new Feature(declaration.name(), feature.type(), feature.categories(), feature.used(),
					feature.acceptsMissing()));
		}
		if (!problems.isEmpty()) {
			throw new InvalidDeclarationException(problems.subList(0, Math.min(problems.size(), 50)));
		}
		return new TabularSignature(renamed, tabular.target());
	}

	/**
	 * Whether the features are named {@code x1..xN}, as a converted array-fitted model's
	 * are.
	 */
	static boolean generic(List<Feature> features) {
		for (int i = 0; i < features.size(); i++) {
			if (!features.get(i).name().equals("x" + (i + 1))) {
				return false;
			}
		}
		return true;
	}

}
