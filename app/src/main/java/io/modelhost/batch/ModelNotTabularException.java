package io.modelhost.batch;

/** Batch predictions read CSV rows; a tensor model (pictures, arrays) takes none. */
public final class ModelNotTabularException extends BatchException {

	public ModelNotTabularException() {
		super("batch predictions score tabular models (rows of named features); this model takes tensors");
	}

}
