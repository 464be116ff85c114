package io.modelhost.trainer;

import java.util.Locale;

/** What an image classifier minimises. */
public enum LossFunction {

	/** Softmax cross-entropy. */
	CROSS_ENTROPY,
	/** Cross-entropy plus an L1 penalty on every weight tensor. */
	CROSS_ENTROPY_L1,
	/** Cross-entropy plus an L2 penalty on every weight tensor. */
	CROSS_ENTROPY_L2;

	/** The name as the API spells it, e.g. {@code cross_entropy_l2}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The loss with this {@link #label()}. */
	public static LossFunction of(String label) {
		for (LossFunction loss : values()) {
			if (loss.label().equals(label)) {
				return loss;
			}
		}
		throw new IllegalArgumentException(
				"loss must be cross_entropy, cross_entropy_l1 or cross_entropy_l2 but was '" + label + "'");
	}

}
