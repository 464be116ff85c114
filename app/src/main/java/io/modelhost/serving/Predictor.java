package io.modelhost.serving;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.modelhost.accounts.ModelOutOfScopeException;
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
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.runtime.DamagedArtifactException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelStatus;
import io.modelhost.scheduling.ModelScheduler;
import io.modelhost.scheduling.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	private static final Logger log = LoggerFactory.getLogger(Predictor.class);

	private final ModelRegistry registry;

	private final ModelScheduler scheduler;

	private final ServingProperties properties;

	private final List<PredictionObserver> observers;

	Predictor(ModelRegistry registry, ModelScheduler scheduler, ServingProperties properties,
			List<PredictionObserver> observers) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.properties = properties;
		this.observers = List.copyOf(observers);
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
		ServingTarget target = target(call);
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
		return new Served(target, outcome.prediction());
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
		var declared = new AtomicReference<ImageInput>();
		Served served = run(call, (target) -> {
			ImageInput imageInput = target.imageInput();
			if (imageInput == null || !(target.signature() instanceof TensorSignature tensors)) {
				throw new ImagesNotAcceptedException(target.id().value());
			}
			declared.set(imageInput);
			ImageRequests.requireCount(pictures.size(), this.properties.maxPictures(),
					pictures.isEmpty() ? "" : pictures.getFirst().pointer());
			var decoded = new ArrayList<BufferedImage>();
			for (EncodedPicture picture : pictures) {
				decoded.add(decode(picture));
			}
			return ImageRequests.input(decoded, pictures.stream().map(EncodedPicture::pointer).toList(), imageInput,
					tensors);
		});
		ObjectNode response = ImageResponses.encode(served.prediction(), declared.get());
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
	 */
	public record Served(ServingTarget target, Prediction prediction) {

	}

}
