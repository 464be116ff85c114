package io.modelhost.engine.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.engine.host.Protocol.Request;

/**
 * An engine whose admission, loading and prediction run in a separate, sandboxed worker
 * process ({@link EngineHost}), reached over a pipe, so that a model that crashes, loops
 * or escapes its engine costs that worker, not the server.
 *
 * <p>
 * {@link #id()}, {@link #formats()} and {@link #detect} run here on the delegate:
 * detection is plain Java reading bytes. {@link #admit} and {@link #load} run in a worker
 * and return an {@link IsolatedModel}. Two workers run the engine: one admits uploads,
 * where a file's code runs for the first time, and one serves every admitted model, so
 * that an upload that loops or crashes its worker costs no prediction of another model.
 * An admitted model is closed in the admission worker and loaded into the serving worker.
 * Each worker starts on first use and again on the next call after it died, and each
 * served model is loaded into a new serving worker again from this engine's own copy of
 * its files (a hard link where the file system allows) in the spool directory.
 *
 * <p>
 * Thread-safe. Close it to stop the worker.
 */
public final class IsolatedEngine implements ModelEngine, AutoCloseable {

	/** The most files a model's directory may hold to be loaded in a worker. */
	static final int MAX_MODEL_FILES = 64;

	private final ModelEngine delegate;

	private final IsolationSettings settings;

	/** Serves admitted models. */
	private final Worker worker;

	/** Admits uploads: their code first runs here. */
	private final Worker admissions;

	private final Path models;

	private final boolean confined;

	/**
	 * @param delegate the engine to run in the worker: the worker finds the engine with
	 * the same {@link #id()} on its classpath
	 * @param settings how the worker runs
	 * @throws IllegalStateException when the settings demand bubblewrap and it does not
	 * work here
	 */
	public IsolatedEngine(ModelEngine delegate, IsolationSettings settings) {
		this.delegate = delegate;
		this.settings = settings;
		Sandbox sandbox = Sandbox.of(settings);
		this.confined = sandbox.confined();
		this.worker = new Worker(delegate.id(), "serving", settings, sandbox);
		this.admissions = new Worker(delegate.id(), "admission", settings, sandbox);
		this.models = settings.spoolDirectory().resolve("models");
	}

	@Override
	public String id() {
		return this.delegate.id();
	}

	@Override
	public List<ModelFormat> formats() {
		return this.delegate.formats();
	}

	/**
	 * No: the models' memory is in the worker, which reports it per model
	 * ({@link IsolatedModel#workerResidentBytes()}); the server's own resident memory
	 * does not grow with them.
	 */
	@Override
	public boolean holdsNativeMemory() {
		return false;
	}

	/**
	 * Starts the serving and the admission worker (preparing the native runtime first),
	 * where they are not running.
	 */
	@Override
	public void start() {
		this.worker.connection();
		this.admissions.connection();
	}

	@Override
	public Optional<FormatClaim> detect(ArtifactSample sample) {
		return this.delegate.detect(sample);
	}

	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits) {
		return admit(upload, claim, workDirectory, limits, List.of());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The upload is sent to the admission worker, which admits it in a private directory;
	 * the files the engine wrote there come back into {@code workDirectory}. The admitted
	 * model is then closed there and loaded into the serving worker.
	 */
	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits,
			List<TensorSpec> declaredInputs) {
		Path spool = newSpool();
		try {
			String uploadName = upload.getFileName().toString();
			keep(upload, spool.resolve(uploadName));
			Path received = Files.createTempDirectory(spool, ".received");
			WorkerConnection connection = this.admissions.connection();
			Admitted admitted = connection.call(Request.ADMIT, this.settings.admissionDeadline(), (stream, out) -> {
				Codec.writeString(out, claim.format().id());
				Codec.writeString(out, claim.format().displayName());
				out.writeInt(claim.confidence());
				Codec.writeString(out, claim.detail());
				out.writeLong(limits.maxExpandedBytes());
				out.writeInt(limits.maxArchiveEntries());
				Codec.writeSpecs(out, declaredInputs);
				Protocol.writeFile(stream, out, uploadName, upload);
			}, (stream, in) -> {
				long handle = in.readLong();
				var format = new ModelFormat(Codec.readString(in), Codec.readString(in));
				String served = Codec.readString(in);
				ModelSignature signature = Codec.readSignature(in);
				List<String> notes = Codec.readStrings(in);
				long resident = in.readLong();
				int files = Codec.length(in, MAX_MODEL_FILES);
				var written = new ArrayList<String>();
				for (int i = 0; i < files; i++) {
					// a worker cannot fill the server's disk: a derived file is no larger
					// than an archive member may expand to
					written.add(Protocol.readFile(stream, in, received, limits.maxExpandedBytes()));
				}
				return new Admitted(handle, format, served, signature, notes, resident, written);
			}, failures(Request.ADMIT));
			try {
				for (String name : admitted.written()) {
					if (name.equals(uploadName)) {
						continue;
					}
					Files.move(received.resolve(name), spool.resolve(name));
					Files.copy(spool.resolve(name), workDirectory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
				}
				FileTrees.delete(received);
				if (!Protocol.plainName(admitted.servedFile())
						|| !Files.isRegularFile(spool.resolve(admitted.servedFile()))) {
					throw new IllegalStateException("the engine worker named a served file it did not write");
				}
			}
			finally {
				unload(connection, admitted.handle());
			}
			WorkerConnection serving = this.worker.connection();
			Loaded loaded = loadInto(serving, spool, admitted.servedFile(), admitted.format());
			var model = new IsolatedModel(this, spool, admitted.servedFile(), admitted.format(), loaded.signature(),
					loaded.residentBytes(), serving, loaded.handle());
			return new AdmittedModel(admitted.format(), admitted.servedFile(), model, admitted.notes());
		}
		catch (IOException ex) {
			FileTrees.delete(spool);
			throw new UncheckedIOException("could not pass the model to its engine worker", ex);
		}
		catch (RuntimeException ex) {
			FileTrees.delete(spool);
			throw ex;
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Every file beside {@code servedFile} goes to the worker with it (an engine may keep
	 * sidecars there, such as declared inputs).
	 */
	@Override
	public LoadedModel load(Path servedFile, ModelFormat format) {
		Path spool = newSpool();
		try {
			List<Path> files;
			try (Stream<Path> siblings = Files.list(servedFile.toAbsolutePath().getParent())) {
				files = siblings.filter(Files::isRegularFile).toList();
			}
			if (files.size() > MAX_MODEL_FILES) {
				throw ModelRejectedException.invalid(Phase.LOAD,
						"the model's directory holds more than " + MAX_MODEL_FILES + " files", null, null);
			}
			for (Path file : files) {
				keep(file, spool.resolve(file.getFileName()));
			}
			String served = servedFile.getFileName().toString();
			WorkerConnection connection = this.worker.connection();
			Loaded loaded = loadInto(connection, spool, served, format);
			return new IsolatedModel(this, spool, served, format, loaded.signature(), loaded.residentBytes(),
					connection, loaded.handle());
		}
		catch (IOException ex) {
			FileTrees.delete(spool);
			throw new UncheckedIOException("could not pass the model to its engine worker", ex);
		}
		catch (RuntimeException ex) {
			FileTrees.delete(spool);
			throw ex;
		}
	}

	/** Loads the model whose files are in the spool directory into the given worker. */
	Loaded loadInto(WorkerConnection connection, Path spool, String served, ModelFormat format) {
		List<Path> files;
		try (Stream<Path> listed = Files.list(spool)) {
			files = listed.filter(Files::isRegularFile).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the model's spooled files", ex);
		}
		return connection.call(Request.LOAD, this.settings.admissionDeadline(), (stream, out) -> {
			Codec.writeString(out, format.id());
			Codec.writeString(out, format.displayName());
			Codec.writeString(out, served);
			out.writeInt(files.size());
			for (Path file : files) {
				Protocol.writeFile(stream, out, file.getFileName().toString(), file);
			}
		}, (stream, in) -> new Loaded(in.readLong(), Codec.readSignature(in), in.readLong()), failures(Request.LOAD));
	}

	/** Unloads a model from the worker, as far as the worker still runs. */
	void unload(WorkerConnection connection, long handle) {
		if (!connection.alive()) {
			return;
		}
		try {
			connection.call(Request.CLOSE, this.settings.admissionDeadline(), (stream, out) -> out.writeLong(handle),
					(stream, in) -> null, failures(Request.CLOSE));
		}
		catch (RuntimeException ex) {
			// the worker died meanwhile, and the model with it
		}
	}

	Worker worker() {
		return this.worker;
	}

	IsolationSettings settings() {
		return this.settings;
	}

	/**
	 * Whether workers run in bubblewrap (false: a plain child process with limits only).
	 */
	public boolean confined() {
		return this.confined;
	}

	/** The pid of the running serving worker's JVM, if one runs. */
	public OptionalLong workerPid() {
		return pid(this.worker);
	}

	/** The pid of the running admission worker's JVM, if one runs. */
	public OptionalLong admissionWorkerPid() {
		return pid(this.admissions);
	}

	private static OptionalLong pid(Worker worker) {
		WorkerConnection running = worker.running();
		return running == null ? OptionalLong.empty() : OptionalLong.of(running.pid());
	}

	/** Stops the worker; models of this engine cannot predict afterwards. */
	@Override
	public void close() {
		this.worker.close();
		this.admissions.close();
	}

	private Path newSpool() {
		try {
			Files.createDirectories(this.models);
			return Files.createTempDirectory(this.models, "model-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a spool directory for the model", ex);
		}
	}

	/** A hard link where the file system allows, else a copy. */
	private static void keep(Path file, Path copy) throws IOException {
		try {
			Files.createLink(copy, file);
		}
		catch (IOException | UnsupportedOperationException ex) {
			Files.copy(file, copy);
		}
	}

	/** The exceptions a request throws when its worker is late or gone. */
	static WorkerConnection.Failures failures(Request request) {
		return switch (request) {
			case ADMIT -> new WorkerConnection.Failures(
					() -> ModelRejectedException.timedOut(Phase.VALIDATE,
							"Admitting the model took too long, so it was stopped: it ran past the time limit, "
									+ "which a model whose code loops without end does"),
					() -> ModelRejectedException.invalid(Phase.VALIDATE,
							"The engine's worker process stopped while admitting the model: the model may have crashed it "
									+ "or run out of memory",
							"Check that the model fits in memory and runs on CPU with the engine version this server uses",
							null));
			case LOAD -> new WorkerConnection.Failures(
					() -> ModelRejectedException.timedOut(Phase.LOAD,
							"Loading the model took too long, so it was stopped: it ran past the time limit"),
					() -> ModelRejectedException.invalid(Phase.LOAD,
							"The engine's worker process stopped while loading the model", null, null));
			case PREDICT -> new WorkerConnection.Failures(
					() -> new io.modelhost.engine.PredictionFailedException(
							"The prediction took too long, so it was stopped: it ran past the time limit", null),
					() -> new io.modelhost.engine.PredictionFailedException(
							"The engine's worker process stopped during the prediction", null));
			case CLOSE ->
				new WorkerConnection.Failures(() -> new IllegalStateException("closing a model took too long"),
						() -> new IllegalStateException("the engine's worker process stopped"));
		};
	}

	private record Admitted(long handle, ModelFormat format, String servedFile, ModelSignature signature,
			List<String> notes, long residentBytes, List<String> written) {

	}

	/**
	 * A model loaded in a worker: its handle there, its signature, its resident growth.
	 */
	record Loaded(long handle, ModelSignature signature, long residentBytes) {

	}

}
