package io.modelhost.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import io.modelhost.UserText;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.EngineException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.SafeText;
import io.modelhost.protocol.ExampleRequests;
import io.modelhost.protocol.ImageInput;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.registry.internal.FileSystemArtifactStore;
import io.modelhost.runtime.Admission;
import io.modelhost.runtime.MemoryFootprint;
import io.modelhost.runtime.ModelRuntime;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.IdGenerator;

/**
 * Admission of an uploaded file as a model version: received into a work directory,
 * admitted by the runtime (and answering its example request), then numbered, published
 * and registered in one transaction, within the owner's limits. The registry decides what
 * the version is to its model ({@link ModelRegistry#upload},
 * {@link ModelRegistry#uploadVersion}).
 */
@Component
class VersionAdmission {

	private static final Logger log = LoggerFactory.getLogger(VersionAdmission.class);

	private final FileSystemArtifactStore files;

	private final ModelRuntime runtime;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final IdGenerator ids;

	private final UserLimits limits;

	VersionAdmission(FileSystemArtifactStore files, ModelRuntime runtime, TransactionTemplate transactions, Clock clock,
			IdGenerator ids, UserLimits limits) {
		this.files = files;
		this.runtime = runtime;
		this.transactions = transactions;
		this.clock = clock;
		this.ids = ids;
		this.limits = limits;
	}

	/**
	 * Admits the upload in a work directory, then in one transaction numbers it, moves
	 * its files into place and registers it; on failure removes everything it made. The
	 * owner's limits are checked once the file's size is known, before admission, and
	 * again around the transaction, under their lock.
	 */
	Uploaded admitAndStore(UserId owner, boolean newModel, Upload upload, UploadDeclarations declared,
			@Nullable String description, ModelId id, Registration registration, IntSupplier numbering) {
		Path work = this.files.newWorkDirectory();
		AdmittedModel admitted = null;
		Path[] published = new Path[1];
		try {
			Candidate candidate = admit(owner, upload, declared, work);
			Admission admission = candidate.admission();
			admitted = admission.model();
			// what every later load checks the stored file against
			String servedSha256 = FileSystemArtifactStore.sha256(work.resolve(admitted.servedFile()));
			String servedFile = admitted.servedFile();
			MemoryFootprint footprint = admission.footprint();
			String versionId = this.ids.generateId().toString();
			long size = candidate.size();
			Uploaded uploaded = this.limits.store(owner, newModel, size, () -> this.transactions.execute((status) -> {
				int number = numbering.getAsInt();
				var version = candidate.version(versionId, number, description);
				try {
					published[0] = this.files.publish(work, id, number);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("cannot store the upload", ex);
				}
				return registration.register(version, servedFile, servedSha256, footprint);
			}));
			this.runtime.install(versionId, id.value(), uploaded.version().number(), admission);
			log.info("Model {} version {} uploaded: {} ({}), {} bytes", id, uploaded.version().number(),
					uploaded.version().format().id(), admission.claim().detail(), size);
			return uploaded;
		}
		catch (IOException ex) {
			close(admitted);
			throw new UncheckedIOException("cannot store the upload", ex);
		}
		catch (RuntimeException ex) {
			close(admitted);
			if (published[0] != null) {
				this.files.delete(published[0]);
			}
			throw ex;
		}
		finally {
			this.files.delete(work);
		}
	}

	/**
	 * Admits the upload as a trial: the version it would be (numbered 0), its example
	 * answered; nothing is stored or kept.
	 */
	ModelVersion trial(UserId owner, Upload upload, UploadDeclarations declared, @Nullable String description) {
		Path work = this.files.newWorkDirectory();
		AdmittedModel admitted = null;
		try {
			Candidate candidate = admit(owner, upload, declared, work);
			admitted = candidate.admission().model();
			return candidate.version("trial", 0, description);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot receive the upload", ex);
		}
		finally {
			close(admitted);
			this.files.delete(work);
		}
	}

	/**
	 * Receives the upload into the work directory (within the owner's storage limit) and
	 * has the runtime admit it, answering its example request.
	 */
	private Candidate admit(UserId owner, Upload upload, UploadDeclarations declared, Path work) throws IOException {
		Path original = work.resolve("original");
		upload.transferTo(original);
		long size = Files.size(original);
		this.limits.checkStorage(owner, size);
		String sha256 = FileSystemArtifactStore.sha256(original);
		var examples = new AtomicReference<Example>();
		Admission admission = this.runtime.admit(original, work, declared.inputs(), (candidate) -> {
			ModelSignature named = FeatureNames.apply(candidate.model().signature(), declared.features());
			JsonNode inputExample = declared.inputExample();
			examples.set((inputExample != null) ? InputExamples.run(candidate, named, inputExample)
					: smokeTest(candidate, named));
		});
		try {
			ImageInput imageInput = declared.imageInput();
			if (imageInput != null) {
				ModelRegistry.requireFit(imageInput, examples.get().signature());
			}
			return new Candidate(admission, examples.get(), imageInput, UserText.filename(upload.filename()), size,
					sha256, this.clock.instant());
		}
		catch (RuntimeException ex) {
			close(admission.model());
			throw ex;
		}
	}

	/** An upload admitted in a work directory, not yet numbered or stored. */
	private record Candidate(Admission admission, Example example, @Nullable ImageInput imageInput, String filename,
			long size, String sha256, Instant at) {

		ModelVersion version(String id, int number, @Nullable String description) {
			AdmittedModel admitted = this.admission.model();
			return new ModelVersion(id, number, admitted.format(), this.admission.engine(), this.filename, this.size,
					this.sha256, this.example.signature(), this.example.request(), this.example.response(),
					new ArrayList<>(admitted.notes()), this.at, this.imageInput, null, null, description);
		}

	}

	/**
	 * Runs the example request through the admitted model: a model that cannot answer it
	 * is refused.
	 */
	private static Example smokeTest(AdmittedModel admitted, ModelSignature signature) {
		// a model whose picture size is free (a CNN) is tried at common sizes until one
		// fits
		List<Integer> sizes = ExampleRequests.hasFreeDimensions(signature) ? FREE_SIZES : List.of(1);
		RuntimeException first = null;
		for (int size : sizes) {
			JsonNode exampleRequest = ExampleRequests.positional(signature, size);
			try {
				ModelInput input = PredictionRequests.decode(exampleRequest, signature, 1);
				return new Example(signature, exampleRequest,
						PredictionResponses.encode(admitted.model().predict(input), signature));
			}
			catch (EngineException | IllegalArgumentException ex) {
				if (first == null) {
					first = ex;
				}
			}
		}
		throw ModelRejectedException.invalid(Phase.VALIDATE,
				"the model loaded but failed to predict a sample input: " + SafeText.describe(first),
				"Check that the model works on its own before uploading it.", first);
	}

	/** The sizes a free dimension is tried at: 1, then common picture sides. */
	private static final List<Integer> FREE_SIZES = List.of(1, 8, 28, 32, 64, 224);

	/**
	 * A valid request and the model's answer to it.
	 *
	 * @param signature the signature they were checked against: the model's, with any
	 * declared feature names
	 */
	record Example(ModelSignature signature, JsonNode request, JsonNode response) {

	}

	private static void close(@Nullable AdmittedModel admitted) {
		if (admitted != null) {
			admitted.model().close();
		}
	}

	/** Inserts the rows of an upload, inside its transaction. */
	@FunctionalInterface
	interface Registration {

		Uploaded register(ModelVersion version, String servedFile, String servedSha256, MemoryFootprint footprint);

	}

}
