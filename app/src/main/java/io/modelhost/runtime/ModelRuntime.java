package io.modelhost.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.EngineCatalog;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.TensorSignature;
import io.modelhost.ModelhostProperties;
import io.modelhost.runtime.internal.ConfinedEngines;
import io.modelhost.FileTrees;
import io.modelhost.runtime.internal.HeapGraph;
import io.modelhost.runtime.internal.LoadedModels;
import io.modelhost.runtime.internal.ResidentMemory;
import io.modelhost.runtime.internal.RuntimeMetrics;
import io.modelhost.runtime.internal.TimeBox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Admits uploaded model files with the engine that recognises them, and keeps loaded
 * models in a bounded cache from which predictions lease them.
 */
@Service
public class ModelRuntime {

	private static final Logger log = LoggerFactory.getLogger(ModelRuntime.class);

	private final EngineCatalog engines;

	/** The worker processes of engines whose model files carry code. */
	private final ConfinedEngines confined;

	private final AdmissionLimits limits;

	private final LoadedModels loaded;

	private final long budgetBytes;

	private final ApplicationEventPublisher events;

	private final HeapGraph heap = new HeapGraph();

	private final RuntimeMetrics metrics;

	/**
	 * The model and version of each key loaded since start; entries of unloaded models
	 * are dropped when {@link #loaded()} is read.
	 */
	private final Map<String, LoadedVersion> identities = new ConcurrentHashMap<>();

	/** Footprints measured by a load whose lease has not returned yet. */
	private final Map<String, MemoryFootprint> pendingMetrics = new ConcurrentHashMap<>();

	/** The deadline of every admission and load. */
	private final TimeBox deadline;

	public ModelRuntime(RuntimeProperties properties, WorkerProperties workers, ModelhostProperties platform,
			ApplicationEventPublisher events, MeterRegistry meters) {
		this.confined = new ConfinedEngines(EngineCatalog.discover(ModelRuntime.class.getClassLoader()).engines(),
				workers.sandbox(), workers.heap().toBytes(), workers.addressSpace().toBytes(),
				properties.admissionTimeout(), workers.predictionTimeout(),
				platform.dataDir().resolve("engine-spool").toAbsolutePath().normalize());
		this.engines = new EngineCatalog(this.confined.engines());
		this.limits = new AdmissionLimits(properties.maxExpandedSize().toBytes(), properties.maxArchiveEntries());
		this.loaded = new LoadedModels(properties.maxLoadedModels(), properties.memoryBudget().toBytes());
		this.metrics = new RuntimeMetrics(meters, this.loaded);
		this.events = events;
		this.budgetBytes = properties.memoryBudget().toBytes();
		this.deadline = new TimeBox(properties.admissionTimeout(), "model-admission");
		log.info("Model engines: {}",
				this.engines.engines()
					.stream()
					.map((engine) -> engine.id() + " " + engine.formats().stream().map(ModelFormat::id).toList())
					.collect(Collectors.joining(", ")));
	}

	/** Stops the engines' worker processes. */
	@PreDestroy
	void stopWorkers() {
		this.confined.close();
	}

	/** Every format some engine admits. */
	public List<ModelFormat> formats() {
		return this.engines.engines().stream().flatMap((engine) -> engine.formats().stream()).toList();
	}

	/**
	 * Recognises and admits an upload, and runs the caller's check on the admitted model,
	 * all within the admission deadline ({@code modelhost.runtime.admission-timeout}).
	 * @param upload the uploaded file, inside {@code workDirectory}
	 * @param workDirectory a private directory the engine may write derived files to
	 * @param declaredInputs the inputs the uploader declared, for formats that do not
	 * record them; empty when none were
	 * @param check runs on the admitted model before it is returned (a sample
	 * prediction); a model it throws for is closed
	 * @throws InsufficientMemoryException if the loaded model alone needs more memory
	 * than the budget
	 * @throws ModelRejectedException when no engine takes the file, the engine refuses
	 * it, or the deadline passes (kind TIMED_OUT; the work is stopped and what it made
	 * discarded)
	 */
	public Admission admit(Path upload, Path workDirectory, List<TensorSignature.TensorSpec> declaredInputs,
			Consumer<AdmittedModel> check) {
		ArtifactSample sample = sample(upload);
		EngineCatalog.Detection detection = this.engines.detect(sample)
			.orElseThrow(() -> ModelRejectedException.unsupported(Phase.DETECT,
					"the file is not a model format this server recognises",
					"Upload a scikit-learn pickle or joblib file, a PMML document, an ONNX model, a Keras .h5 model "
							+ "or a TorchScript .pt file. Formats are recognised from the file's contents, not "
							+ "its name."));
		ModelEngine engine = detection.engine();
		// the platform's cost, not the model's: a worker process starting is outside the
		// deadline
		engine.start();
		Measured<AdmittedModel> admitted = this.deadline.run(Phase.VALIDATE, "checking and loading the model", () -> {
			Measured<AdmittedModel> measured = measured(engine,
					() -> engine.admit(upload, detection.claim(), workDirectory, this.limits, declaredInputs),
					AdmittedModel::model);
			try {
				check.accept(measured.value());
			}
			catch (RuntimeException | Error ex) {
				measured.value().model().close();
				throw ex;
			}
			return measured;
		}, (late) -> {
			late.value().model().close();
			FileTrees.deleteQuietly(workDirectory);
		});
		var admission = new Admission(engine.id(), detection.claim(), admitted.value(), admitted.footprint());
		if (admitted.footprint().totalBytes() > this.budgetBytes) {
			admitted.value().model().close();
			throw new InsufficientMemoryException(admitted.footprint().totalBytes(), this.budgetBytes);
		}
		return admission;
	}

	/** A lease on the artifact's model, loading it first if it is not loaded. */
	public ModelLease lease(Artifact artifact) {
		ModelLease lease = this.loaded.lease(artifact.key(), artifact.expectedBytes(), () -> load(artifact));
		MemoryFootprint measured = this.pendingMetrics.remove(artifact.key());
		if (measured != null) {
			this.metrics.loaded(artifact.key(), artifact.model(), artifact.version(), artifact.engine(),
					artifact.format().id(), measured);
		}
		return lease;
	}

	/**
	 * Keeps a model loaded at admission, so that its first prediction does not load it
	 * again.
	 */
	public void install(String key, String model, int version, Admission admission) {
		this.identities.put(key, new LoadedVersion(key, model, version, admission.footprint()));
		this.loaded.put(key, new LoadedModels.Loaded(admission.model().model(), admission.footprint()));
		this.metrics.loaded(key, model, version, admission.engine(), admission.model().format().id(),
				admission.footprint());
	}

	/** The memory the model under the key holds, if it is loaded. */
	public Optional<MemoryFootprint> footprint(String key) {
		return this.loaded.footprint(key);
	}

	/** The models loaded now, with the memory each was measured to hold. */
	public List<LoadedVersion> loaded() {
		var loadedNow = new ArrayList<LoadedVersion>();
		this.identities.values().removeIf((identity) -> !this.loaded.contains(identity.key()));
		this.identities.values()
			.forEach((identity) -> this.loaded.footprint(identity.key())
				.ifPresent((footprint) -> loadedNow
					.add(new LoadedVersion(identity.key(), identity.modelId(), identity.version(), footprint))));
		return loadedNow;
	}

	/** Unloads a model once its running predictions finish. */
	public void evict(String key) {
		this.loaded.evict(key);
		this.metrics.refresh();
	}

	/** Whether the model under the key is loaded. */
	public boolean isLoaded(String key) {
		return this.loaded.contains(key);
	}

	private LoadedModels.Loaded load(Artifact artifact) {
		verify(artifact);
		ModelEngine engine = this.engines.engine(artifact.engine())
			.orElseThrow(() -> ModelRejectedException.unsupported(Phase.LOAD,
					"the engine '" + artifact.engine() + "' that admitted this model is not installed", null));
		Measured<LoadedModel> model = this.deadline.run(Phase.LOAD, "loading the model",
				() -> measured(engine, () -> engine.load(artifact.servedFile(), artifact.format()), (loaded) -> loaded),
				(late) -> late.value().close());
		log.info("Loaded model {} with {}: {}", artifact.key(), artifact.engine(), model.footprint());
		this.events.publishEvent(new ModelLoaded(artifact.key(), model.footprint()));
		// recorded when the lease has put it in the cache; measured here
		this.pendingMetrics.put(artifact.key(), model.footprint());
		this.identities.put(artifact.key(),
				new LoadedVersion(artifact.key(), artifact.model(), artifact.version(), model.footprint()));
		return new LoadedModels.Loaded(model.value(), model.footprint());
	}

	/**
	 * Refuses a served file whose SHA-256 is not the one recorded at admission, or that
	 * cannot be read: announces it ({@link ArtifactDamaged}) and throws. Hashing reads
	 * the whole file once per load (about 0.3 s per 100 MB), which loads can afford and
	 * predictions never pay.
	 * @throws DamagedArtifactException if the file is damaged or missing
	 */
	private void verify(Artifact artifact) {
		String expected = artifact.sha256();
		if (expected == null) {
			return;
		}
		String actual;
		try {
			actual = sha256(artifact.servedFile());
		}
		catch (IOException ex) {
			damaged(artifact, expected, null, "the stored model file cannot be read");
			return;
		}
		if (!actual.equalsIgnoreCase(expected)) {
			damaged(artifact, expected, actual,
					"the stored model file's SHA-256 is " + actual + ", not " + expected + " as recorded at upload");
		}
	}

	private void damaged(Artifact artifact, String expected, @Nullable String actual, String reason) {
		log.error("Model {} version {} refused: {}", artifact.model(), artifact.version(), reason);
		this.events.publishEvent(
				new ArtifactDamaged(artifact.key(), artifact.model(), artifact.version(), expected, actual, reason));
		throw new DamagedArtifactException(artifact.key(), reason);
	}

	/**
	 * Runs a load, measuring its memory: the heap is the loaded model's object graph;
	 * native memory is the growth of resident memory during the load less what the JVM
	 * itself committed meanwhile (heap, metaspace, code cache), for engines that hold
	 * native memory at all.
	 *
	 * <p>
	 * Loads of different models run at the same time (one slow load must not hold up
	 * another), so a load that overlaps another may be charged some of the other's native
	 * growth: the estimate errs high, which makes the budget unload early rather than
	 * overrun.
	 */
	private <T> Measured<T> measured(ModelEngine engine, Supplier<T> load, Function<T, LoadedModel> model) {
		long rssBefore = ResidentMemory.rss();
		long jvmBefore = ResidentMemory.committedByJvm();
		long started = System.nanoTime();
		T value = load.get();
		long millis = (System.nanoTime() - started) / 1_000_000;
		long rssAfter = ResidentMemory.rss();
		long jvmGrowth = Math.max(0, ResidentMemory.committedByJvm() - jvmBefore);
		LoadedModel loaded = model.apply(value);
		long workerBytes = ConfinedEngines.workerBytes(loaded);
		if (workerBytes >= 0) {
			// a proxy: the model's memory is in the worker, which measured it there
			return new Measured<>(value, new MemoryFootprint(0, workerBytes, millis));
		}
		long nativeBytes;
		if (!engine.holdsNativeMemory()) {
			nativeBytes = 0;
		}
		else {
			nativeBytes = (rssBefore < 0 || rssAfter < 0) ? -1 : Math.max(0, rssAfter - rssBefore - jvmGrowth);
		}
		long heapBytes = this.heap.sizeOf(loaded);
		return new Measured<>(value, new MemoryFootprint(heapBytes, nativeBytes, millis));
	}

	private record Measured<T>(T value, MemoryFootprint footprint) {

	}

	private static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[64 * 1024];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private static ArtifactSample sample(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return new ArtifactSample(file, Files.size(file), in.readNBytes(ArtifactSample.HEAD_SIZE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the upload", ex);
		}
	}

}
