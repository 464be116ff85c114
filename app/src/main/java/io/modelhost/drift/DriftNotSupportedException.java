package io.modelhost.drift;

/** The model takes tensors, not rows of features: drift is measured on tabular models. */
public final class DriftNotSupportedException extends DriftException {

	public DriftNotSupportedException() {
		super("drift is measured for tabular models; this model takes tensors");
	}

}
