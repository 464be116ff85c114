package io.modelhost.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import io.modelhost.runtime.internal.LoadedModels;
import io.modelhost.runtime.internal.UnservedFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Admits uploaded model files with the engine that recognises them, and keeps loaded
 * models in a bounded cache from which predictions lease them.
 */
@Service
public class ModelRuntime {

	private static final Logger log = LoggerFactory.getLogger(ModelRuntime.class);

	private final EngineCatalog engines;

	private final AdmissionLimits limits;

	private final LoadedModels loaded;

	public ModelRuntime(RuntimeProperties properties) {
		this.engines = EngineCatalog.discover(ModelRuntime.class.getClassLoader());
		this.limits = new AdmissionLimits(properties.maxExpandedSize().toBytes(), properties.maxArchiveEntries());
		this.loaded = new LoadedModels(properties.maxLoadedModels());
		log.info("Model engines: {}",
				this.engines.engines()
					.stream()
					.map((engine) -> engine.id() + " " + engine.formats().stream().map(ModelFormat::id).toList())
					.collect(Collectors.joining(", ")));
	}

	/** Every format some engine admits. */
	public List<ModelFormat> formats() {
		return this.engines.engines().stream().flatMap((engine) -> engine.formats().stream()).toList();
	}

	/**
	 * Recognises and admits an upload.
	 * @param upload the uploaded file, inside {@code workDirectory}
	 * @param workDirectory a private directory the engine may write derived files to
	 * @throws ModelRejectedException when no engine takes the file or the engine refuses
	 * it
	 */
	public Admission admit(Path upload, Path workDirectory) {
		ArtifactSample sample = sample(upload);
		EngineCatalog.Detection detection = this.engines.detect(sample)
			.orElseThrow(() -> UnservedFormats.explain(sample)
				.orElseGet(() -> ModelRejectedException.unsupported(Phase.DETECT,
						"the file is not a model format this server recognises",
						"Upload a scikit-learn pickle or joblib file, a PMML document or an ONNX model. Formats are "
								+ "recognised from the file's contents, not its name.")));
		AdmittedModel admitted = detection.engine().admit(upload, detection.claim(), workDirectory, this.limits);
		return new Admission(detection.engine().id(), detection.claim(), admitted);
	}

	/** A lease on the artifact's model, loading it first if it is not loaded. */
	public ModelLease lease(Artifact artifact) {
		return this.loaded.lease(artifact.key(), () -> load(artifact));
	}

	/**
	 * Keeps a model loaded at admission, so that its first prediction does not load it
	 * again.
	 */
	public void install(String key, LoadedModel model) {
		this.loaded.put(key, model);
	}

	/** Unloads a model once its running predictions finish. */
	public void evict(String key) {
		this.loaded.evict(key);
	}

	/** Whether the model under the key is loaded. */
	public boolean isLoaded(String key) {
		return this.loaded.contains(key);
	}

	private LoadedModel load(Artifact artifact) {
		ModelEngine engine = this.engines.engine(artifact.engine())
			.orElseThrow(() -> ModelRejectedException.unsupported(Phase.LOAD,
					"the engine '" + artifact.engine() + "' that admitted this model is not installed", null));
		long started = System.nanoTime();
		LoadedModel model = engine.load(artifact.servedFile(), artifact.format());
		log.info("Loaded model {} with {} in {} ms", artifact.key(), artifact.engine(),
				(System.nanoTime() - started) / 1_000_000);
		return model;
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
