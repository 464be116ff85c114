package io.modelhost.serving;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.accounts.UserId;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.Pictures;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.TensorSignature;
import io.modelhost.protocol.ImageInput;
import io.modelhost.protocol.ImageRequests;
import io.modelhost.protocol.ImageRequests.EncodedPicture;
import io.modelhost.protocol.ImageResponses;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.registry.AliasNotFoundException;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.runtime.DamagedArtifactException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelStatus;
import io.modelhost.registry.Traffic;
import io.modelhost.scheduling.ModelScheduler;
import io.modelhost.scheduling.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Answers prediction requests for every protocol: finds the caller's model (and the
 * version that answers: asked for, by alias, or by the endpoint's traffic split), checks
 * the input against its signature before touching the model, and runs it through the
 * model's queue; behind a split, records each version's answers ({@link RolloutStats})
 * and hands a copy to the shadow ({@link ShadowScoring}). Each protocol brings its own
 * decoding and encoding.
 */
@Service
public class Predictor {

	private static final Logger log = LoggerFactory.getLogger(Predictor.class);

	/**
	 * The protocols of clients, whose requests the endpoint's traffic split applies to;
	 * the platform's own (batch predictions, drift's samples) use production.
	 */
	private static final Set<String> SPLIT = Set.of("modelhost", "v2", "v1", "mlflow");

	private final ModelRegistry registry;

	private final ModelScheduler scheduler;

	private final ServingProperties properties;

	private final List<PredictionObserver> observers;

	private final RolloutStats stats;

	private final ShadowScoring shadows;

	Predictor(ModelRegistry registry, ModelScheduler scheduler, ServingProperties properties,
			List<PredictionObserver> observers, RolloutStats stats, ShadowScoring shadows) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.properties = properties;
		this.observers = List.copyOf(observers);
		this.stats = stats;
		this.shadows = shadows;
	}

	/** The most rows one request may hold. */
	public int maxRows() {
		return this.properties.maxRows();
	}

	/**
	 * Finds the caller's model named by the call, and the version that would answer,
	 * without predicting.
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller has no such
	 * model
	 * @throws AliasNotFoundException if the alias asked for does not exist
	 */
	public ServingTarget target(PredictionCall call) {
		return route(call).target();
	}

	/**
	 * Finds the version that answers the call: the one asked for, the one its alias
	 * points to, or, for the endpoint, production or (by the traffic split, once per
	 * call) the canary. Every step is a cached lookup.
	 */
	private Route route(PredictionCall call) {
		UserId user = call.caller().userId();
		ModelId id = this.registry.resolve(user, call.model());
		if (!call.caller().mayUse(id.value())) {
			throw new ModelOutOfScopeException();
		}
		ServingTarget target = this.registry.servingTarget(user, id, call.version());
		Traffic traffic = null;
		String role = "production";
		if (call.alias() != null) {
			Integer version = target.aliases().get(call.alias());
			if (version == null) {
				throw new AliasNotFoundException(call.alias());
			}
			target = this.registry.servingTarget(user, id, version);
		}
		else if (call.version() == null && target.traffic() != null && SPLIT.contains(call.protocol())) {
			traffic = target.traffic();
			if (call.routedTo() < 0) {
				Integer canary = traffic
					.route((call.caller().apiKeyId() != null) ? call.caller().apiKeyId() : user.value());
				call.routedTo((canary != null) ? canary : 0);
			}
			if (call.routedTo() > 0) {
				target = this.registry.servingTarget(user, id, call.routedTo());
				role = "canary";
			}
		}
		call.resolved(id, target.version());
		return new Route(target, traffic, role);
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
	 * @throws AliasNotFoundException if the alias asked for does not exist
	 * @throws ModelInactiveException if the model's endpoint is switched off
	 * @throws InvalidInputException if the input does not fit the model
	 * @throws ModelUnavailableException if the model cannot be loaded
	 * @throws ModelFileDamagedException if the version's stored file failed its integrity
	 * check, now or before
	 * @throws PredictionFailedException if the engine fails
	 * @throws io.modelhost.scheduling.SchedulingException if the model's queue is full,
	 * the deadline passes, or the server is shutting down
	 */
	public Served predict(PredictionCall call, Function<ModelSignature, ModelInput> decode) {
		return run(call, (target) -> decode.apply(target.signature()));
	}

	private Served run(PredictionCall call, Function<ServingTarget, ModelInput> decode) {
		Route route = route(call);
		Traffic traffic = route.traffic();
		if (traffic == null) {
			return run(call, route.target(), decode);
		}
		// behind a split: each version's answers and failures side by side
		ServingTarget target = route.target();
		Served served;
		try {
			served = run(call, target, decode);
		}
		catch (InvalidInputException | InvalidPictureException | ImagesNotAcceptedException ex) {
			throw ex; // the client's, not the version's
		}
		catch (RuntimeException ex) {
			this.stats.record(target.id(), traffic.updatedAt(), route.role(), target.version(),
					System.nanoTime() - call.startedNanos(), true);
			throw ex;
		}
		this.stats.record(target.id(), traffic.updatedAt(), route.role(), target.version(),
				System.nanoTime() - call.startedNanos(), false);
		if (traffic.shadowVersion() != null) {
			this.shadows.submit(call.caller().userId(), target, traffic, decode, served.input(), served.prediction());
		}
		return served;
	}

	private Served run(PredictionCall call, ServingTarget target, Function<ServingTarget, ModelInput> decode) {
		if (target.status() == ModelStatus.INACTIVE) {
			throw new ModelInactiveException();
		}
		if (target.failureReason() != null) {
			throw new ModelFileDamagedException(target.version(), target.failureReason(), null);
		}
		if (target.status() != ModelStatus.ACTIVE) {
			throw new ModelUnavailableException("the model is " + target.status(), null);
		}
		ModelInput input = decode.apply(target);
		call.decoded(input.batchSize());
		Outcome outcome;
		try {
			outcome = this.scheduler.predict(target.id().value(), target.name(), target.artifact(), input);
		}
		catch (ModelRejectedException ex) {
			throw new ModelUnavailableException("the model cannot be loaded: " + ex.getMessage(), ex);
		}
		catch (DamagedArtifactException ex) {
			throw new ModelFileDamagedException(target.version(), ex.getMessage(), ex);
		}
		call.ran(outcome.queueNanos(), outcome.batchSize());
		observe(call, target.signature(), input, outcome.prediction());
		return new Served(target, outcome.prediction(), input);
	}

	/**
	 * Predicts for a body in this platform's own format and returns the response body.
	 */
	public ObjectNode predict(PredictionCall call, JsonNode body) {
		Served served = predict(call,
				(signature) -> PredictionRequests.decodeOwnFormat(body, signature, this.properties.maxRows()));
		ObjectNode response = PredictionResponses.encode(served.prediction(), served.target().signature());
		response.put("model_id", served.target().id().value());
		response.put("model_version", served.target().version());
		response.put("latency_ms", call.elapsedMillis());
		return response;
	}

	/**
	 * Classifies pictures with an image model: decodes each (within the pixel limit),
	 * converts it as the model's image input declares, predicts, and answers
	 * {@code predictions} (labels), {@code probabilities} and {@code classes}.
	 * @throws ImagesNotAcceptedException if the model version has no image input
	 * @throws InvalidPictureException for a picture that cannot be decoded
	 * @throws InvalidInputException for no pictures or too many
	 * @see #predict(PredictionCall, Function) for the other exceptions
	 */
	public ObjectNode predictPictures(PredictionCall call, List<EncodedPicture> pictures) {
		Served served = run(call, (target) -> {
			ImageInput imageInput = target.imageInput();
			if (imageInput == null || !(target.signature() instanceof TensorSignature tensors)) {
				throw new ImagesNotAcceptedException(target.id().value());
			}
			ImageRequests.requireCount(pictures.size(), this.properties.maxPictures(),
					pictures.isEmpty() ? "" : pictures.getFirst().pointer());
			var decoded = new ArrayList<BufferedImage>();
			for (EncodedPicture picture : pictures) {
				decoded.add(decode(picture));
			}
			return ImageRequests.input(decoded, pictures.stream().map(EncodedPicture::pointer).toList(), imageInput,
					tensors);
		});
		ObjectNode response = ImageResponses.encode(served.prediction(),
				Objects.requireNonNull(served.target().imageInput()));
		response.put("model_id", served.target().id().value());
		response.put("model_version", served.target().version());
		response.put("latency_ms", call.elapsedMillis());
		return response;
	}

	private void observe(PredictionCall call, ModelSignature signature, ModelInput input, Prediction prediction) {
		for (PredictionObserver observer : this.observers) {
			try {
				observer.served(call, signature, input, prediction);
			}
			catch (RuntimeException ex) {
				// an observer never fails a prediction that succeeded
				log.warn("Prediction observer {} failed: {}", observer.getClass().getSimpleName(), ex.toString());
			}
		}
	}

	private BufferedImage decode(EncodedPicture picture) {
		try {
			return Pictures.decode(picture.bytes(), this.properties.maxPicturePixels());
		}
		catch (Pictures.UnreadablePictureException ex) {
			throw new InvalidPictureException(picture.pointer(), ex.getMessage(),
					Pictures.looksLikePicture(picture.bytes()));
		}
	}

	/**
	 * A model's answer.
	 *
	 * @param target the model that answered
	 * @param prediction its answer
	 * @param input what it was asked, as decoded
	 */
	public record Served(ServingTarget target, Prediction prediction, ModelInput input) {

	}

	/**
	 * Where a call goes.
	 *
	 * @param target the version that answers
	 * @param traffic the endpoint's split when the call went through it, else null
	 * @param role {@code production} or {@code canary} within the split
	 */
	private record Route(ServingTarget target, @Nullable Traffic traffic, String role) {

	}

}
