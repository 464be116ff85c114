package io.modelhost.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * Inputs an uploader declared, checked against what a model says of itself.
 */
public final class DeclaredInputs {

	private DeclaredInputs() {
	}

	/**
	 * Requires the model's signature to agree with the declarations: the same input names
	 * and types, and shapes of the same rank where every fixed dimension is equal.
	 * @throws ModelRejectedException (phase VALIDATE) when they disagree
	 */
	public static void requireAgreement(ModelSignature signature, List<TensorSpec> declared) {
		if (!(signature instanceof TensorSignature tensors)) {
			throw ModelRejectedException.invalid(Phase.VALIDATE,
					"input tensors were declared, but the model takes rows of named features", DROP_HINT, null);
		}
		Map<String, TensorSpec> actual = tensors.inputs()
			.stream()
			.collect(Collectors.toMap(TensorSpec::name, Function.identity()));
		if (!actual.keySet().equals(declared.stream().map(TensorSpec::name).collect(Collectors.toSet()))) {
			throw disagree("the model's inputs are " + actual.keySet());
		}
		for (TensorSpec spec : declared) {
			TensorSpec own = actual.get(spec.name());
			if (own.type() != spec.type()) {
				throw disagree("input '" + spec.name() + "' is " + own.type() + ", not " + spec.type());
			}
			if (!compatible(own.shape(), spec.shape())) {
				throw disagree("input '" + spec.name() + "' has shape " + own.shape() + ", not " + spec.shape());
			}
		}
	}

	/** Same rank, and equal wherever both are fixed. */
	public static boolean compatible(List<Long> shape, List<Long> other) {
		if (shape.size() != other.size()) {
			return false;
		}
		for (int i = 0; i < shape.size(); i++) {
			if (shape.get(i) >= 0 && other.get(i) >= 0 && !shape.get(i).equals(other.get(i))) {
				return false;
			}
		}
		return true;
	}

	private static final String DROP_HINT = "Leave out the input declaration: this model's file records its inputs.";

	private static ModelRejectedException disagree(String what) {
		return ModelRejectedException.invalid(Phase.VALIDATE, "the declared inputs do not match the model: " + what,
				DROP_HINT, null);
	}

}
