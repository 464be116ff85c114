package io.modelhost.serving;

import java.util.function.Function;

import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelStatus;
import io.modelhost.scheduling.ModelScheduler;
import io.modelhost.scheduling.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Answers prediction requests for every protocol: finds the caller's model, checks the
 * input against its signature before touching the model, and runs it through the model's
 * queue. Each protocol brings its own decoding and encoding.
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

	/** The most rows one request may hold. */
	public int maxRows() {
		return this.properties.maxRows();
	}

	/**
	 * Finds the caller's model named by the call, without predicting.
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller has no such
	 * model
	 */
	public ServingTarget target(PredictionCall call) {
		ModelId id = this.registry.resolve(call.caller().userId(), call.model());
		if (!call.caller().mayUse(id.value())) {
			throw new ModelOutOfScopeException();
		}
		ServingTarget target = this.registry.servingTarget(call.caller().userId(), id, call.version());
		call.resolved(id, target.version());
		return target;
	}

	/**
	 * Predicts.
	 * @param decode turns the request into input for the model's signature; throws
	 * {@link InvalidInputException} for input that does not fit
	 * @return the model and its answer
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller has no such
	 * model
	 * @throws io.modelhost.registry.NotPermittedException if the caller may see but not
	 * use the model
	 * @throws io.modelhost.registry.VersionNotFoundException if the version asked for
	 * does not exist
	 * @throws ModelInactiveException if the model's endpoint is switched off
	 * @throws InvalidInputException if the input does not fit the model
	 * @throws ModelUnavailableException if the model cannot be loaded
	 * @throws PredictionFailedException if the engine fails
	 * @throws io.modelhost.scheduling.SchedulingException if the model's queue is full,
	 * the deadline passes, or the server is shutting down
	 */
	public Served predict(PredictionCall call, Function<ModelSignature, ModelInput> decode) {
		ServingTarget target = target(call);
		if (target.status() == ModelStatus.INACTIVE) {
			throw new ModelInactiveException();
		}
		if (target.status() != ModelStatus.ACTIVE) {
			throw new ModelUnavailableException("the model is " + target.status(), null);
		}
		ModelInput input = decode.apply(target.signature());
		call.decoded(input.batchSize());
		Outcome outcome;
		try {
			outcome = this.scheduler.predict(target.id().value(), target.name(), target.artifact(), input);
		}
		catch (ModelRejectedException ex) {
			throw new ModelUnavailableException("the model cannot be loaded: " + ex.getMessage(), ex);
		}
		call.ran(outcome.queueNanos(), outcome.batchSize());
		return new Served(target, outcome.prediction());
	}

	/**
	 * Predicts for a body in this platform's own format and returns the response body.
	 */
	public ObjectNode predict(PredictionCall call, JsonNode body) {
		Served served = predict(call,
				(signature) -> PredictionRequests.decode(body, signature, this.properties.maxRows()));
		ObjectNode response = PredictionResponses.encode(served.prediction(), served.target().signature());
		response.put("model_id", served.target().id().value());
		response.put("model_version", served.target().version());
		response.put("latency_ms", call.elapsedMillis());
		return response;
	}

	/**
	 * A model's answer.
	 *
	 * @param target the model that answered
	 * @param prediction its answer
	 */
	public record Served(ServingTarget target, Prediction prediction) {

	}

}
