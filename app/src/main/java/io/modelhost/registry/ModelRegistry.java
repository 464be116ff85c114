package io.modelhost.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.modelhost.accounts.UserId;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.EngineException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.SafeText;
import io.modelhost.engine.TensorSignature;
import io.modelhost.protocol.ExampleRequests;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.registry.internal.FileSystemArtifactStore;
import io.modelhost.registry.internal.ModelStore;
import io.modelhost.registry.internal.ModelStore.StoredModel;
import io.modelhost.runtime.Admission;
import io.modelhost.runtime.Artifact;
import io.modelhost.runtime.MemoryFootprint;
import io.modelhost.runtime.ModelLoaded;
import io.modelhost.runtime.ModelRuntime;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.IdGenerator;

/**
 * Users' models: upload (admit, store, register), list, read, edit, delete, and the
 * lookup a prediction makes. A model is visible to its owner only; to anyone else it does
 * not exist.
 */
@Service
public class ModelRegistry {

	private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

	private static final int MAX_NAME = 100;

	private static final int MAX_DESCRIPTION = 2000;

	private final ModelStore store;

	private final FileSystemArtifactStore files;

	private final ModelRuntime runtime;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final IdGenerator ids;

	private final ApplicationEventPublisher events;

	/**
	 * Model ids by owner and name, for protocols that address models by name;
	 * short-lived.
	 */
	private final Cache<NameKey, java.util.Optional<ModelId>> names = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofSeconds(5))
		.build();

	/** What predictions look up, by owner and model id; invalidated on every change. */
	private final Cache<Key, ServingTarget> targets = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofMinutes(10))
		.build();

	ModelRegistry(ModelStore store, FileSystemArtifactStore files, ModelRuntime runtime,
			TransactionTemplate transactions, Clock clock, IdGenerator ids, ApplicationEventPublisher events) {
		this.store = store;
		this.files = files;
		this.runtime = runtime;
		this.transactions = transactions;
		this.clock = clock;
		this.ids = ids;
		this.events = events;
	}

	/**
	 * Admits an uploaded model file and registers it as a new model with an endpoint. On
	 * any failure nothing is kept: no files, no rows.
	 * @throws InvalidModelMetadataException if the name or description is missing or too
	 * long
	 * @throws ModelRejectedException if the file is not a model that can be served
	 * @throws io.modelhost.runtime.InsufficientMemoryException if the loaded model alone
	 * needs more memory than loaded models may hold
	 */
	public Model upload(UserId owner, String name, String description, Upload upload,
			List<TensorSignature.TensorSpec> declaredInputs) {
		String cleanName = metadata("name", name, MAX_NAME);
		String cleanDescription = metadata("description", description, MAX_DESCRIPTION);
		Path work = this.files.newWorkDirectory();
		AdmittedModel admitted = null;
		Path published = null;
		try {
			Path original = work.resolve("original");
			upload.transferTo(original);
			long size = Files.size(original);
			String sha256 = FileSystemArtifactStore.sha256(original);
			Admission admission = this.runtime.admit(original, work, declaredInputs);
			admitted = admission.model();
			ModelSignature signature = admitted.model().signature();
			JsonNode exampleRequest = ExampleRequests.positional(signature);
			JsonNode exampleResponse = smokeTest(admitted, exampleRequest);
			Instant now = this.clock.instant();
			var id = new ModelId(this.ids.generateId().toString());
			var notes = new ArrayList<>(admitted.notes());
			var version = new ModelVersion(this.ids.generateId().toString(), 1, admitted.format(), admission.engine(),
					sanitize(upload.filename()), size, sha256, signature, exampleRequest, exampleResponse, notes, now);
			var model = new Model(id, owner, cleanName, cleanDescription, ModelStatus.READY, version, now, now);
			published = this.files.publish(work, id, 1);
			String servedFile = admitted.servedFile();
			MemoryFootprint footprint = admission.footprint();
			this.transactions.executeWithoutResult(
					(status) -> this.store.insert(model, servedFile, footprint.heapBytes(), footprint.nativeBytes()));
			this.runtime.install(version.id(), id.value(), version.number(), admission);
			log.info("Model {} uploaded: {} ({}), {} bytes", id, admitted.format().id(), admission.claim().detail(),
					size);
			return model;
		}
		catch (IOException ex) {
			close(admitted);
			throw new UncheckedIOException("cannot store the upload", ex);
		}
		catch (RuntimeException ex) {
			close(admitted);
			if (published != null) {
				this.files.delete(published.getParent());
			}
			throw ex;
		}
		finally {
			this.files.delete(work);
		}
	}

	/**
	 * Runs the example request through the admitted model: a model that cannot answer it
	 * is refused.
	 */
	private static JsonNode smokeTest(AdmittedModel admitted, JsonNode exampleRequest) {
		ModelSignature signature = admitted.model().signature();
		try {
			ModelInput input = PredictionRequests.decode(exampleRequest, signature, 1);
			return PredictionResponses.encode(admitted.model().predict(input), signature);
		}
		catch (EngineException | IllegalArgumentException ex) {
			throw ModelRejectedException.invalid(Phase.VALIDATE,
					"the model loaded but failed to predict a sample input: " + SafeText.describe(ex),
					"Check that the model works on its own before uploading it.", ex);
		}
	}

	/** One page of the owner's models. */
	public ModelPage list(UserId owner, ModelQuery query) {
		return this.store.list(owner, query);
	}

	/**
	 * The owner's model.
	 * @throws ModelNotFoundException if the owner has no model with this id
	 */
	public Model get(UserId owner, ModelId id) {
		return stored(owner, id).model();
	}

	/**
	 * Changes a model's name or description (null leaves a field as it is). The endpoint
	 * URL does not change.
	 * @throws ModelNotFoundException if the owner has no model with this id
	 */
	public Model update(UserId owner, ModelId id, @Nullable String name, @Nullable String description) {
		Model current = get(owner, id);
		String newName = (name != null) ? metadata("name", name, MAX_NAME) : current.name();
		String newDescription = (description != null) ? metadata("description", description, MAX_DESCRIPTION)
				: current.description();
		if (!this.store.updateMetadata(owner, id, newName, newDescription, this.clock.instant())) {
			throw new ModelNotFoundException();
		}
		this.targets.invalidate(new Key(owner, id));
		return get(owner, id);
	}

	/**
	 * Deletes a model, its files and its endpoint.
	 * @throws ModelNotFoundException if the owner has no model with this id
	 */
	public void delete(UserId owner, ModelId id) {
		Model model = get(owner, id);
		Boolean deleted = this.transactions.execute((status) -> this.store.delete(owner, id));
		if (!Boolean.TRUE.equals(deleted)) {
			throw new ModelNotFoundException();
		}
		this.targets.invalidate(new Key(owner, id));
		this.runtime.evict(model.version().id());
		this.files.deleteModel(id);
		this.events.publishEvent(new ModelDeleted(id, List.of(model.version().id())));
		log.info("Model {} deleted", id);
	}

	/**
	 * The owner's model named by its id, or by its name for protocols that address models
	 * by name (the newest model of that name).
	 * @throws ModelNotFoundException if the owner has no such model
	 */
	public ModelId resolve(UserId owner, String idOrName) {
		if (ModelId.isUuid(idOrName)) {
			return new ModelId(idOrName);
		}
		return this.names.get(new NameKey(owner, idOrName), (key) -> this.store.findIdByName(owner, idOrName))
			.orElseThrow(ModelNotFoundException::new);
	}

	/**
	 * What a prediction needs to know about the owner's model, cached.
	 * @throws ModelNotFoundException if the owner has no model with this id
	 */
	public ServingTarget servingTarget(UserId owner, ModelId id) {
		return this.targets.get(new Key(owner, id), (key) -> {
			StoredModel stored = stored(owner, id);
			Model model = stored.model();
			ModelVersion version = model.version();
			Path served = this.files.versionDirectory(id, version.number()).resolve(stored.servedFile());
			return new ServingTarget(id, model.name(), version.number(), model.status(), version.signature(),
					new Artifact(version.id(), id.value(), version.number(), version.engine(), version.format(), served,
							stored.expectedBytes()));
		});
	}

	private StoredModel stored(UserId owner, ModelId id) {
		return this.store.find(owner, id).orElseThrow(ModelNotFoundException::new);
	}

	@EventListener
	void on(ModelLoaded loaded) {
		this.store.updateFootprint(loaded.key(), loaded.footprint().heapBytes(), loaded.footprint().nativeBytes());
	}

	@EventListener(ApplicationReadyEvent.class)
	void deleteStaleUploads() {
		int deleted = this.files.deleteStaleWork(Duration.ofHours(1), this.clock.instant());
		if (deleted > 0) {
			log.info("Deleted {} unfinished uploads", deleted);
		}
	}

	private static String metadata(String field, @Nullable String value, int max) {
		String clean = (value != null) ? value.strip() : "";
		if (clean.isEmpty()) {
			throw new InvalidModelMetadataException(field, "'" + field + "' is required and must not be blank");
		}
		if (clean.length() > max) {
			throw new InvalidModelMetadataException(field, "'" + field + "' must be at most " + max + " characters");
		}
		if (clean.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
			throw new InvalidModelMetadataException(field, "'" + field + "' must not contain control characters");
		}
		return clean;
	}

	/**
	 * A client's file name, for display only: no directories, no control characters,
	 * bounded.
	 */
	static String sanitize(@Nullable String filename) {
		if (filename == null) {
			return "";
		}
		String name = filename.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1);
		name = name.codePoints()
			.filter((c) -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		return (name.length() <= 255) ? name : name.substring(0, 255);
	}

	private static void close(@Nullable AdmittedModel admitted) {
		if (admitted != null) {
			admitted.model().close();
		}
	}

	private record Key(UserId owner, ModelId id) {

	}

	private record NameKey(UserId owner, String name) {

	}

	/**
	 * Everything a prediction needs about a model.
	 *
	 * @param id the model
	 * @param name its name
	 * @param version the version served
	 * @param status whether it serves
	 * @param signature what it takes and gives
	 * @param artifact what the runtime loads
	 */
	public record ServingTarget(ModelId id, String name, int version, ModelStatus status, ModelSignature signature,
			Artifact artifact) {

	}

}
