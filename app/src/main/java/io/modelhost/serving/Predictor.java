package io.modelhost.serving;

import io.modelhost.accounts.UserId;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelStatus;
import io.modelhost.scheduling.ModelScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Answers prediction requests: finds the caller's model, checks the body against its
 * signature before touching the model, runs it through the model's queue and encodes its
 * answer.
 */
@Service
public class Predictor {

	private final ModelRegistry registry;

	private final ModelScheduler scheduler;

	private final ServingProperties properties;

	Predictor(ModelRegistry registry, ModelScheduler scheduler, ServingProperties properties) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	/**
	 * Predicts for the body and returns the response body.
	 * @throws io.modelhost.registry.ModelNotFoundException if the owner has no such model
	 * @throws InvalidInputException if the body does not fit the model
	 * @throws ModelUnavailableException if the model cannot be loaded
	 * @throws PredictionFailedException if the engine fails
	 * @throws io.modelhost.scheduling.SchedulingException if the model's queue is full,
	 * the deadline passes, or the server is shutting down
	 */
	public ObjectNode predict(UserId owner, ModelId id, JsonNode body) {
		long started = System.nanoTime();
		ServingTarget target = this.registry.servingTarget(owner, id);
		if (target.status() != ModelStatus.READY) {
			throw new ModelUnavailableException("the model is " + target.status(), null);
		}
		ModelInput input = PredictionRequests.decode(body, target.signature(), this.properties.maxRows());
		Prediction prediction;
		try {
			prediction = this.scheduler.predict(id.value(), target.artifact(), input).prediction();
		}
		catch (ModelRejectedException ex) {
			throw new ModelUnavailableException("the model cannot be loaded: " + ex.getMessage(), ex);
		}
		ObjectNode response = PredictionResponses.encode(prediction, target.signature());
		response.put("model_id", id.value());
		response.put("model_version", target.version());
		response.put("latency_ms", Math.round((System.nanoTime() - started) / 1_000.0) / 1_000.0);
		return response;
	}

}
