package io.modelhost.engine;

/**
 * A model in memory, ready to predict.
 *
 * <p>
 * Thread-safe: {@link #predict} may be called from many threads at once. The owner closes
 * it once no prediction is running; a prediction after {@link #close()} is a programming
 * error and may fail in any way.
 */
public interface LoadedModel extends AutoCloseable {

	/** What the model takes and gives. */
	ModelSignature signature();

	/**
	 * Predict a batch.
	 * @param input rows or tensors already checked against {@link #signature()}
	 * @return one result per row or example, in input order
	 * @throws InvalidInputException when the engine finds a value the model cannot take
	 * @throws PredictionFailedException when the engine fails for any other reason
	 */
	Prediction predict(ModelInput input);

	/** Release the model's memory, native memory included. Idempotent. */
	@Override
	void close();

}
