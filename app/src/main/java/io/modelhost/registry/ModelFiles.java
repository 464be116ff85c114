package io.modelhost.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.modelhost.accounts.UserId;
import io.modelhost.registry.internal.FileSystemArtifactStore;
import io.modelhost.registry.internal.ModelStore;
import io.modelhost.registry.internal.ModelStore.StoredVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * The stored files of model versions, each with the digest recorded when it was stored:
 * for downloads, exports and integrity checks. Read them, never change them.
 */
@Service
public class ModelFiles {

	/** The name of the uploaded file inside a version's directory. */
	static final String ORIGINAL = "original";

	private final ModelRegistry registry;

	private final ModelStore store;

	private final FileSystemArtifactStore files;

	ModelFiles(ModelRegistry registry, ModelStore store, FileSystemArtifactStore files) {
		this.registry = registry;
		this.store = store;
		this.files = files;
	}

	/**
	 * The file a version of the model serves, as stored: what the endpoint loads (the
	 * upload itself, or what admission converted it to, e.g. a pickle's PMML).
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws VersionNotFoundException if it has no such version
	 */
	public StoredFile served(UserId user, ModelId id, int number) {
		Model model = this.registry.access(user, id, Permission.VIEW).model();
		StoredVersion stored = version(id, number);
		return new StoredFile(model, stored.version(),
				this.files.versionDirectory(id, number).resolve(stored.servedFile()), expectedSha256(stored));
	}

	/**
	 * The file a version was uploaded as, byte for byte (its digest is the version's
	 * {@code sha256}).
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws VersionNotFoundException if it has no such version
	 */
	public StoredFile uploaded(UserId user, ModelId id, int number) {
		Model model = this.registry.access(user, id, Permission.VIEW).model();
		StoredVersion stored = version(id, number);
		return new StoredFile(model, stored.version(), this.files.versionDirectory(id, number).resolve(ORIGINAL),
				stored.version().sha256());
	}

	/**
	 * Every stored file of the model's live versions, newest version first: the upload,
	 * and what it was converted to when the version serves that. For a user who may edit
	 * the model (checking its files can fail its versions).
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if they may not edit it
	 */
	public List<StoredFile> all(UserId user, ModelId id) {
		this.registry.access(user, id, Permission.EDIT);
		return all(id);
	}

	/**
	 * The same, for the platform's own checks (no user).
	 * @throws ModelNotFoundException if there is no such model
	 */
	public List<StoredFile> all(ModelId id) {
		Model model = this.store.find(id).orElseThrow(ModelNotFoundException::new).model();
		var stored = new ArrayList<StoredFile>();
		for (ModelVersion version : this.store.versions(id)) {
			Optional<StoredVersion> found = this.store.findVersion(id, version.number());
			if (found.isEmpty()) {
				continue;
			}
			Path directory = this.files.versionDirectory(id, version.number());
			stored.add(new StoredFile(model, version, directory.resolve(ORIGINAL), version.sha256()));
			if (!ORIGINAL.equals(found.get().servedFile())) {
				stored.add(new StoredFile(model, version, directory.resolve(found.get().servedFile()),
						found.get().servedSha256()));
			}
		}
		return stored;
	}

	/** Every model's id, archived ones too: for the platform's own checks. */
	public List<ModelId> modelIds() {
		return this.store.allIds();
	}

	private StoredVersion version(ModelId id, int number) {
		return this.store.findVersion(id, number).orElseThrow(() -> new VersionNotFoundException(number));
	}

	/**
	 * What a version's served file must hash to: recorded at upload; for versions stored
	 * before that, the upload's own digest when the upload is what it serves, otherwise
	 * unknown (loaded unchecked).
	 */
	static @Nullable String expectedSha256(StoredVersion served) {
		if (served.servedSha256() != null) {
			return served.servedSha256();
		}
		return ORIGINAL.equals(served.servedFile()) ? served.version().sha256() : null;
	}

	/**
	 * A stored file of a version.
	 *
	 * @param model the model
	 * @param version the version
	 * @param path where it is
	 * @param sha256 what it must hash to (recorded when it was stored), hex; null for a
	 * served file stored before digests were recorded
	 */
	public record StoredFile(Model model, ModelVersion version, Path path, @Nullable String sha256) {

		/** Whether it is the file as uploaded (else what it was converted to). */
		public boolean upload() {
			return this.path.getFileName().toString().equals(ORIGINAL);
		}

	}

}
