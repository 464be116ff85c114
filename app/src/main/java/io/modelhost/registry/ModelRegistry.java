package io.modelhost.registry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.modelhost.DatabaseAvailability;
import io.modelhost.LookupCache;
import io.modelhost.UserText;
import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserDeleting;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserLimits;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelSignature;
import io.modelhost.protocol.ImageInput;
import io.modelhost.registry.internal.FileSystemArtifactStore;
import io.modelhost.registry.internal.ModelStore;
import io.modelhost.registry.internal.ModelStore.StoredModel;
import io.modelhost.registry.internal.ModelStore.StoredVersion;
import io.modelhost.registry.internal.VersionStore;
import io.modelhost.runtime.Artifact;
import io.modelhost.runtime.ArtifactDamaged;
import io.modelhost.runtime.ModelLoaded;
import io.modelhost.runtime.ModelRuntime;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.IdGenerator;

/**
 * Users' models: upload as a new model or a new version (admitted by
 * {@link VersionAdmission}), list, read, edit, archive, restore, delete, and the lookup a
 * prediction makes. Where versions stand (aliases, deletion) is {@link ModelVersions}'.
 * Every method takes the user asking and checks what they may do: a model they may not
 * see does not exist for them, and one they may see but not change answers
 * {@link NotPermittedException}.
 */
@Service
public class ModelRegistry {

	private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

	/**
	 * The actor of what the platform does by itself in the audit log, e.g. failing a
	 * version whose file is damaged: the nil UUID, which no user has.
	 */
	public static final UserId PLATFORM = new UserId("00000000-0000-0000-0000-000000000000");

	private static final int MAX_NAME = 100;

	private static final int MAX_DESCRIPTION = 2000;

	/**
	 * How long a replica may act on what it looked up: a change made on another replica
	 * (status, alias, share) takes effect here within this; on this replica at once.
	 */
	private static final Duration LOOKUP_TTL = Duration.ofSeconds(5);

	private final ModelStore store;

	private final VersionStore versionStore;

	private final VersionAdmission admission;

	private final FileSystemArtifactStore files;

	private final ModelRuntime runtime;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final IdGenerator ids;

	private final ApplicationEventPublisher events;

	private final RegistryProperties properties;

	private final UserLimits limits;

	/**
	 * Model ids by owner and name, for protocols that address models by name; kept
	 * through a database outage.
	 */
	private final LookupCache<NameKey, Optional<ModelId>> names;

	/**
	 * What predictions look up, by user, model and version; invalidated on changes, kept
	 * through a database outage, so that models keep serving while it lasts.
	 */
	private final LookupCache<Key, ServingTarget> targets;

	ModelRegistry(ModelStore store, VersionStore versionStore, VersionAdmission admission,
			FileSystemArtifactStore files, ModelRuntime runtime, TransactionTemplate transactions, Clock clock,
			IdGenerator ids, ApplicationEventPublisher events, RegistryProperties properties, UserLimits limits,
			DatabaseAvailability database) {
		this.names = new LookupCache<>(database, LOOKUP_TTL, 10_000);
		this.targets = new LookupCache<>(database, LOOKUP_TTL, 10_000);
		this.store = store;
		this.versionStore = versionStore;
		this.admission = admission;
		this.files = files;
		this.runtime = runtime;
		this.transactions = transactions;
		this.clock = clock;
		this.ids = ids;
		this.events = events;
		this.properties = properties;
		this.limits = limits;
	}

	/**
	 * Admits an uploaded model file and registers it: as a new version of the owner's
	 * live model of the same name if there is one, otherwise as a new model with an
	 * endpoint. On any failure nothing is kept: no files, no rows.
	 * @throws InvalidModelMetadataException if the name or (for a new model) the
	 * description is missing or too long
	 * @throws ModelRejectedException if the file is not a model that can be served
	 * @throws InvalidImageInputException if the image input declared does not fit the
	 * model
	 * @throws io.modelhost.runtime.InsufficientMemoryException if the loaded model alone
	 * needs more memory than loaded models may hold
	 * @throws io.modelhost.accounts.ModelLimitReachedException if a new model would pass
	 * the owner's limit on models
	 * @throws io.modelhost.accounts.StorageLimitReachedException if the file would pass
	 * the owner's limit on stored bytes
	 */
	public Uploaded upload(UserId owner, String name, String description, Upload upload, UploadDeclarations declared) {
		String cleanName = metadata("name", name, MAX_NAME);
		Optional<ModelId> existing = this.store.findIdByName(owner, cleanName);
		if (existing.isPresent()) {
			// what was typed with the upload is the new version's note
			return uploadVersion(owner, existing.get(), upload, declared, description);
		}
		String cleanDescription = metadata("description", description, MAX_DESCRIPTION);
		// before the file is received from the container or admitted
		this.limits.checkNewModel(owner);
		var id = new ModelId(this.ids.generateId().toString());
		Uploaded uploaded = this.admission.admitAndStore(owner, true, upload, declared, cleanDescription, id,
				(version, servedFile, servedSha256, footprint) -> {
					var model = new Model(id, owner, cleanName, cleanDescription, ModelStatus.ACTIVE, version, 1, false,
							null, version.createdAt(), version.createdAt());
					this.store.insert(model, servedFile, servedSha256, footprint.heapBytes(), footprint.nativeBytes());
					return new Uploaded(model, version, true);
				}, () -> 1);
		audit(owner, uploaded.model(), "model.create", Map.of("name", cleanName, "version", "1"));
		return uploaded;
	}

	/**
	 * Admits an uploaded model file as the model's next version. The alias
	 * {@code production} moves to it unless it was moved by hand, or the new version is
	 * not compatible with the served one ({@link SchemaChanges}): then it is stored,
	 * marked with the differences, and moves only when promoted with {@code force}.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws ModelRejectedException if the file is not a model that can be served
	 * @throws InvalidImageInputException if the image input declared does not fit the
	 * model
	 * @throws io.modelhost.accounts.StorageLimitReachedException if the file would pass
	 * the limit on stored bytes of the model's owner (whoever uploads it)
	 */
	public Uploaded uploadVersion(UserId user, ModelId id, Upload upload, UploadDeclarations declared) {
		return uploadVersion(user, id, upload, declared, null);
	}

	/**
	 * The same, with what the uploader wrote about the version (blank or null: nothing).
	 * @throws InvalidModelMetadataException if the description is too long
	 */
	public Uploaded uploadVersion(UserId user, ModelId id, Upload upload, UploadDeclarations declared,
			@Nullable String description) {
		Model before = access(user, id, Permission.EDIT).model();
		String note = (description == null || description.isBlank()) ? null
				: metadata("description", description, MAX_DESCRIPTION);
		Uploaded uploaded = this.admission.admitAndStore(before.owner(), false, upload, declared, note, id,
				(admitted, servedFile, servedSha256, footprint) -> {
					// what production serves now, read under the model's lock
					ModelVersion served = this.store.find(id)
						.orElseThrow(ModelNotFoundException::new)
						.model()
						.version();
					ModelVersion version = ModelVersions.compared(served, admitted);
					this.store.insertVersion(id, version, servedFile, servedSha256, footprint.heapBytes(),
							footprint.nativeBytes());
					if (!before.productionPinned() && version.incompatibility() == null) {
						this.versionStore.setProduction(id, version.number(), false, version.createdAt());
					}
					return new Uploaded(before, version, false);
				}, () -> this.store.lockForNewVersion(id).orElseThrow(ModelNotFoundException::new));
		invalidate(id);
		Model after = access(user, id, Permission.VIEW).model();
		var details = new LinkedHashMap<String, String>();
		details.put("version", Integer.toString(uploaded.version().number()));
		if (uploaded.version().incompatibility() != null) {
			details.put("incompatible_with", Integer.toString(uploaded.version().incompatibility().comparedWith()));
		}
		audit(user, after, "model.version.create", details);
		return new Uploaded(after, uploaded.version(), false);
	}

	/**
	 * Declares how a version takes pictures, or with null that it takes none: its
	 * endpoint then accepts PNG and JPEG pictures, converted as declared.
	 * @param version a version number, or null for the one {@code production} points to
	 * @return the version as it is now
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws VersionNotFoundException if it has no such version
	 * @throws InvalidImageInputException if the declaration does not fit the model
	 */
	public ModelVersion declareImageInput(UserId user, ModelId id, @Nullable Integer version,
			@Nullable ImageInput imageInput) {
		Model model = access(user, id, Permission.EDIT).model();
		int number = (version != null) ? version : model.version().number();
		ModelVersion current = this.store.findVersion(id, number)
			.orElseThrow(() -> new VersionNotFoundException(number))
			.version();
		if (imageInput != null) {
			requireFit(imageInput, current.signature());
		}
		if (!this.store.updateImageInput(id, number, imageInput)) {
			throw new VersionNotFoundException(number);
		}
		invalidate(id);
		audit(user, model, "model.image_input.set", Map.of("version", Integer.toString(number), "image_input",
				(imageInput != null) ? imageInput.preprocessing().toString() : "none"));
		return version(user, id, number);
	}

	/**
	 * @throws InvalidImageInputException unless the declaration fits the signature
	 */
	static void requireFit(ImageInput imageInput, ModelSignature signature) {
		List<InputProblem> problems = imageInput.problemsWith(signature, "/image_input");
		if (!problems.isEmpty()) {
			throw new InvalidImageInputException(problems);
		}
	}

	/** One page of the owner's own models. */
	public ModelPage list(UserId owner, ModelQuery query) {
		return this.store.list(owner, query);
	}

	/** One page of every user's models, or one user's; for administrators only. */
	public ModelPage listAll(@Nullable UserId owner, ModelQuery query) {
		return this.store.listAll(owner, query);
	}

	/**
	 * Every live model the user owns or that is shared with them, by name, with their
	 * permission.
	 */
	public List<ModelAccess> visibleTo(UserId user) {
		Map<ModelId, Permission> shared = this.store.sharedPermissions(user);
		return this.store.visibleTo(user)
			.stream()
			.map((model) -> new ModelAccess(model,
					model.owner().equals(user) ? Permission.OWNER : shared.getOrDefault(model.id(), Permission.VIEW)))
			.toList();
	}

	/**
	 * Any model, live or archived; for administrators only.
	 * @throws ModelNotFoundException if there is none with this id
	 */
	public Model getAny(ModelId id) {
		return this.store.find(id).orElseThrow(ModelNotFoundException::new).model();
	}

	/**
	 * A model the user may see, with their permission; an archived model only to its
	 * owner.
	 * @throws ModelNotFoundException if the user cannot see it
	 */
	public ModelAccess access(UserId user, ModelId id) {
		StoredModel stored = this.store.find(id).orElseThrow(ModelNotFoundException::new);
		if (stored.model().archived()) {
			if (!stored.model().owner().equals(user)) {
				throw new ModelNotFoundException();
			}
			return new ModelAccess(stored.model(), Permission.OWNER);
		}
		return new ModelAccess(stored.model(),
				permission(user, stored.model()).orElseThrow(ModelNotFoundException::new));
	}

	/**
	 * A live model the user may see.
	 * @throws ModelNotFoundException if the user cannot see it
	 */
	public Model get(UserId user, ModelId id) {
		return access(user, id, Permission.VIEW).model();
	}

	/**
	 * The model's versions, newest first.
	 * @throws ModelNotFoundException if the user cannot see the model
	 */
	public List<ModelVersion> versions(UserId user, ModelId id) {
		access(user, id, Permission.VIEW);
		return this.store.versions(id);
	}

	/**
	 * One version of the model.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws VersionNotFoundException if it has no such version
	 */
	public ModelVersion version(UserId user, ModelId id, int number) {
		access(user, id, Permission.VIEW);
		return this.store.findVersion(id, number).orElseThrow(() -> new VersionNotFoundException(number)).version();
	}

	/**
	 * Changes a model's name, description or status (null leaves a field as it is). The
	 * endpoint URL does not change. An inactive model is unloaded and refuses
	 * predictions.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws InvalidModelMetadataException for a blank or too long field, or a status
	 * other than active or inactive
	 */
	public Model update(UserId user, ModelId id, @Nullable String name, @Nullable String description,
			@Nullable ModelStatus status) {
		Model current = access(user, id, Permission.EDIT).model();
		String newName = (name != null) ? metadata("name", name, MAX_NAME) : current.name();
		String newDescription = (description != null) ? metadata("description", description, MAX_DESCRIPTION)
				: current.description();
		if (status == ModelStatus.FAILED) {
			throw new InvalidModelMetadataException("status", "status must be active or inactive");
		}
		// failed is derived from the served version, never stored: an active model stays
		// so
		ModelStatus currentStatus = (current.status() == ModelStatus.FAILED) ? ModelStatus.ACTIVE : current.status();
		ModelStatus newStatus = (status != null) ? status : currentStatus;
		if (!this.store.updateMetadata(id, newName, newDescription, newStatus, this.clock.instant())) {
			throw new ModelNotFoundException();
		}
		invalidate(id);
		if (newStatus == ModelStatus.INACTIVE) {
			this.store.versionIds(id).forEach(this.runtime::evict);
		}
		var changes = new TreeMap<String, String>();
		if (!newName.equals(current.name())) {
			changes.put("name", newName);
		}
		if (!newDescription.equals(current.description())) {
			changes.put("description", "changed");
		}
		if (newStatus != currentStatus) {
			changes.put("status", newStatus.name().toLowerCase(Locale.ROOT));
		}
		Model updated = get(user, id);
		audit(user, updated, "model.update", changes);
		return updated;
	}

	/**
	 * Archives (soft-deletes) a model: its endpoint answers 404 and it is unloaded, but
	 * its owner can restore it until the archive retention has passed.
	 * @throws ModelNotFoundException if the user cannot see the live model
	 * @throws NotPermittedException if the user is not its owner
	 */
	public Model archive(UserId owner, ModelId id) {
		Model model = access(owner, id, Permission.OWNER).model();
		if (!this.store.setArchived(id, this.clock.instant())) {
			throw new ModelNotFoundException();
		}
		invalidate(id);
		this.store.versionIds(id).forEach(this.runtime::evict);
		audit(owner, model, "model.archive", Map.of());
		log.info("Model {} archived", id);
		return getAny(id);
	}

	/**
	 * Restores an archived model: its endpoint serves again at the same URL.
	 * @throws ModelNotFoundException if the user has no archived model with this id
	 */
	public Model restore(UserId owner, ModelId id) {
		Model model = owned(owner, id);
		if (!model.archived() || !this.store.setArchived(id, null)) {
			throw new ModelNotFoundException();
		}
		invalidate(id);
		audit(owner, model, "model.restore", Map.of());
		return get(owner, id);
	}

	/**
	 * Deletes a model for good, live or archived: its rows, files and endpoint.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user is not its owner
	 */
	public void delete(UserId owner, ModelId id) {
		Model model = owned(owner, id);
		List<String> versionIds = this.store.versionIds(id);
		Boolean deleted = this.transactions.execute((status) -> this.store.delete(id));
		if (!Boolean.TRUE.equals(deleted)) {
			throw new ModelNotFoundException();
		}
		removeEverywhere(id, versionIds);
		audit(owner, model, "model.delete", Map.of("name", model.name()));
		log.info("Model {} deleted", id);
	}

	/** When an archived model will be deleted for good. */
	public @Nullable Instant purgeAfter(Model model) {
		return (model.archivedAt() != null) ? model.archivedAt().plus(this.properties.archiveRetention()) : null;
	}

	/**
	 * Deletes models archived longer than the retention; returns how many. Hourly, once
	 * across replicas ({@code ArchivePurge}).
	 */
	public int purgeArchived() {
		int purged = 0;
		for (ModelId id : this.store.archivedBefore(this.clock.instant().minus(this.properties.archiveRetention()))) {
			List<String> versionIds = this.store.versionIds(id);
			if (Boolean.TRUE.equals(this.transactions.execute((status) -> this.store.delete(id)))) {
				removeEverywhere(id, versionIds);
				purged++;
			}
		}
		if (purged > 0) {
			log.info("Deleted {} models archived longer than {}", purged, this.properties.archiveRetention());
		}
		return purged;
	}

	/**
	 * A user is being deleted: their models go with them (files once the deletion
	 * commits), and shares with them end.
	 */
	@EventListener
	void on(UserDeleting deleting) {
		UserId user = deleting.user();
		this.store.deleteSharesWith(user).forEach(this::invalidate);
		var removed = new ArrayList<Runnable>();
		for (ModelId id : this.store.idsOwnedBy(user)) {
			List<String> versionIds = this.store.versionIds(id);
			this.store.delete(id);
			removed.add(() -> removeEverywhere(id, versionIds));
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					removed.forEach(Runnable::run);
				}
			});
		}
		else {
			removed.forEach(Runnable::run);
		}
	}

	private void removeEverywhere(ModelId id, List<String> versionIds) {
		invalidate(id);
		versionIds.forEach(this.runtime::evict);
		this.files.deleteModel(id);
		this.events.publishEvent(new ModelDeleted(id, versionIds));
	}

	/**
	 * The user's own live model of that name, which an upload under the name adds a
	 * version to; read now, not cached.
	 */
	public Optional<Model> ownModelNamed(UserId user, String name) {
		return this.store.findIdByName(user, name.strip())
			.flatMap(this.store::find)
			.map(StoredModel::model)
			.filter((model) -> !model.archived());
	}

	/**
	 * The user's live model named by its id, or by its name for protocols that address
	 * models by name (the newest of that name); a model shared with the user only by id.
	 * @throws ModelNotFoundException if the user has no such model
	 */
	public ModelId resolve(UserId user, String idOrName) {
		if (ModelId.isUuid(idOrName)) {
			return new ModelId(idOrName);
		}
		return this.names.get(new NameKey(user, idOrName), (key) -> this.store.findIdByName(user, idOrName))
			.orElseThrow(ModelNotFoundException::new);
	}

	/**
	 * What a prediction needs to know about a model the user may use, cached.
	 * @param version a version number, or null for the one {@code production} points to
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may see but not use it
	 * @throws VersionNotFoundException if the model has no such version
	 */
	public ServingTarget servingTarget(UserId user, ModelId id, @Nullable Integer version) {
		return this.targets.get(new Key(user, id, version), (key) -> {
			StoredModel stored = access(user, id, Permission.USE);
			Model model = stored.model();
			StoredVersion served = (version == null)
					? new StoredVersion(model.version(), stored.servedFile(), stored.servedSha256(),
							stored.expectedBytes())
					: this.store.findVersion(id, version).orElseThrow(() -> new VersionNotFoundException(version));
			ModelVersion chosen = served.version();
			Path file = this.files.versionDirectory(id, chosen.number()).resolve(served.servedFile());
			// what routes the endpoint's requests: looked up with production's target
			Map<String, Integer> aliases = (version == null) ? Map.copyOf(this.versionStore.aliases(id)) : Map.of();
			Traffic traffic = (version == null) ? this.versionStore.traffic(id).orElse(null) : null;
			return new ServingTarget(id, model.name(), chosen.number(), model.status(), chosen.signature(),
					new Artifact(chosen.id(), id.value(), chosen.number(), chosen.engine(), chosen.format(), file,
							ModelFiles.expectedSha256(served), served.expectedBytes()),
					chosen.imageInput(), chosen.failureReason(), aliases, traffic);
		});
	}

	/**
	 * A load found the stored file of a version damaged: the version is marked failed
	 * with the reason (so it is refused at once from now on, on every replica), and, once
	 * per version, the owner is told through the audit log and {@link ModelVersionFailed}
	 * (an alert and its webhooks).
	 */
	@EventListener
	void on(ArtifactDamaged damaged) {
		String reason = "The stored model file is damaged: " + damaged.reason() + ".";
		ModelId id = new ModelId(damaged.model());
		boolean first = this.store.markFailed(damaged.key(), reason);
		invalidate(id);
		if (!first) {
			return;
		}
		Optional<StoredModel> stored = this.store.find(id);
		if (stored.isEmpty()) {
			return;
		}
		Model model = stored.get().model();
		var details = new TreeMap<String, String>();
		details.put("version", Integer.toString(damaged.version()));
		details.put("reason", "checksum");
		details.put("expected_sha256", damaged.expectedSha256());
		details.put("actual_sha256", (damaged.actualSha256() != null) ? damaged.actualSha256() : "unreadable");
		audit(PLATFORM, model, "model.version.fail", details);
		this.events
			.publishEvent(new ModelVersionFailed(model.owner(), id, damaged.version(), reason, this.clock.instant()));
	}

	/**
	 * A live model the user may see with at least the permission needed.
	 * @throws ModelNotFoundException if the user cannot see it
	 * @throws NotPermittedException if they can see it but not with this permission
	 */
	StoredModel access(UserId user, ModelId id, Permission needed) {
		StoredModel stored = this.store.find(id).orElseThrow(ModelNotFoundException::new);
		if (stored.model().archived()) {
			throw new ModelNotFoundException();
		}
		Permission permission = permission(user, stored.model()).orElseThrow(ModelNotFoundException::new);
		if (!permission.allows(needed)) {
			throw new NotPermittedException(needed);
		}
		return stored;
	}

	/** The user's own model, live or archived; a sharee gets 403, anyone else 404. */
	Model owned(UserId user, ModelId id) {
		Model model = this.store.find(id).orElseThrow(ModelNotFoundException::new).model();
		if (model.owner().equals(user)) {
			return model;
		}
		if (!model.archived() && this.store.sharedPermission(id, user).isPresent()) {
			throw new NotPermittedException(Permission.OWNER);
		}
		throw new ModelNotFoundException();
	}

	private Optional<Permission> permission(UserId user, Model model) {
		if (model.owner().equals(user)) {
			return Optional.of(Permission.OWNER);
		}
		return this.store.sharedPermission(model.id(), user);
	}

	/** Forgets what was looked up about a model, so a change takes effect at once. */
	void invalidate(ModelId id) {
		this.targets.invalidateIf((key) -> key.id().equals(id));
		this.names.invalidateAll();
	}

	void audit(UserId actor, Model model, String action, Map<String, String> details) {
		this.events.publishEvent(new ActionTaken(actor, model.owner(), action, "model", model.id().value(), details));
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

	static String metadata(String field, @Nullable String value, int max) {
		return UserText.required(field, value, max, InvalidModelMetadataException::new);
	}

	private record Key(UserId user, ModelId id, @Nullable Integer version) {

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
	 * @param imageInput how it takes pictures, or null when it takes none
	 * @param failureReason why the platform stopped serving this version (its file is
	 * damaged), or null while it serves
	 * @param aliases for production's target, the model's other aliases and their
	 * versions; empty for a version's
	 * @param traffic for production's target, how the endpoint splits its requests, or
	 * null while production takes them all; null for a version's
	 */
	public record ServingTarget(ModelId id, String name, int version, ModelStatus status, ModelSignature signature,
			Artifact artifact, @Nullable ImageInput imageInput, @Nullable String failureReason,
			Map<String, Integer> aliases, @Nullable Traffic traffic) {

	}

}
