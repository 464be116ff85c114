package io.modelhost.trainer.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.modelhost.trainer.LossFunction;
import org.jspecify.annotations.Nullable;

/**
 * The part of the loss that {@link LossFunction#CROSS_ENTROPY_L1} and
 * {@link LossFunction#CROSS_ENTROPY_L2} add to the cross-entropy:
 * {@link ImageTrainerDefaults#L1_PENALTY} times the sum of every weight's absolute value,
 * or {@link ImageTrainerDefaults#L2_PENALTY} times the sum of every squared weight, over
 * the weight tensors of convolutions and dense layers (not biases nor batch
 * normalisation).
 */
final class Penalty {

	private Penalty() {
	}

	/**
	 * The penalty of {@code block}'s current weights, inside the gradient collector, its
	 * arrays owned by {@code scope}; null for plain cross-entropy.
	 */
	static @Nullable NDArray of(LossFunction loss, SequentialBlock block, NDManager scope) {
		if (loss == LossFunction.CROSS_ENTROPY) {
			return null;
		}
		boolean l1 = loss == LossFunction.CROSS_ENTROPY_L1;
		@Nullable NDArray sum = null;
		for (Pair<String, Parameter> parameter : block.getParameters()) {
			if (parameter.getValue().getType() != Parameter.Type.WEIGHT) {
				continue;
			}
			NDArray weight = parameter.getValue().getArray();
			// results of operations on a parameter belong to the model's manager: hand
			// them to the batch's
			NDArray magnitude = l1 ? weight.abs() : weight.square();
			magnitude.attach(scope);
			NDArray part = magnitude.sum();
			part.attach(scope);
			sum = (sum == null) ? part : sum.add(part);
		}
		if (sum == null) {
			return null;
		}
		// a float factor: a double one would make the loss float64, which backward
		// refuses
		return sum.mul((float) (l1 ? ImageTrainerDefaults.L1_PENALTY : ImageTrainerDefaults.L2_PENALTY));
	}

}
