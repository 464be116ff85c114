package io.modelhost.serving;

import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;

/**
 * Told of every prediction the {@link Predictor} answered with success, on the request's
 * thread, after the model ran and before the response is written: payload capture is one.
 * An observer must return at once (hand any work to a thread of its own) and must not
 * throw; one that does is logged and ignored, never failing the prediction.
 */
public interface PredictionObserver {

	/**
	 * A prediction was answered.
	 * @param call the call, resolved to its model and version
	 * @param signature the signature the input was decoded for
	 * @param input the input as decoded (rows in the signature's feature order)
	 * @param prediction the model's answer
	 */
	void served(PredictionCall call, ModelSignature signature, ModelInput input, Prediction prediction);

}
