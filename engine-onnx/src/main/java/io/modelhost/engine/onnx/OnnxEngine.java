package io.modelhost.engine.onnx;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;

/**
 * Serves ONNX models with ONNX Runtime.
 *
 * <p>
 * ONNX has no magic number: a file is recognised by walking the top-level fields of its
 * {@code ModelProto} (see {@link OnnxHeader}). Admission refuses models whose tensors
 * live in external data files, because ONNX Runtime would read them from wherever the
 * model says, and loads the upload itself as the served file: nothing is converted.
 *
 * <p>
 * Thread-safe. The {@link OrtEnvironment} is a process-wide singleton that ONNX Runtime
 * closes at shutdown; this engine takes it once and never closes it. Each session runs a
 * prediction on the calling thread only (one intra-op and one inter-op thread), because
 * on few cores ONNX Runtime's own thread pools make tail latency far worse.
 */
public final class OnnxEngine implements ModelEngine {

	/** The one format this engine admits. */
	public static final ModelFormat ONNX = new ModelFormat("onnx", "ONNX");

	/** A structural walk of the whole file is stronger evidence than a magic number. */
	private static final int CONFIDENCE = 90;

	private final OrtEnvironment environment;

	/** Loads ONNX Runtime's native library into the process if it is not loaded yet. */
	public OnnxEngine() {
		this.environment = OrtEnvironment.getEnvironment();
	}

	@Override
	public String id() {
		return "onnx-runtime";
	}

	@Override
	public List<ModelFormat> formats() {
		return List.of(ONNX);
	}

	@Override
	public Optional<FormatClaim> detect(ArtifactSample sample) {
		try {
			return Optional.of(new FormatClaim(ONNX, CONFIDENCE, header(sample).describe()));
		}
		catch (IOException | RuntimeException ex) {
			// not ONNX, or unreadable: either way not ours to claim
			return Optional.empty();
		}
	}

	/**
	 * Walks the head; only when a field reaches past it does the walk start over on the
	 * file, so foreign files are turned down without any further reading.
	 */
	private static OnnxHeader header(ArtifactSample sample) throws IOException {
		try {
			return OnnxHeader.read(new WireInput(new ByteArrayInputStream(sample.head()), sample.size()));
		}
		catch (EOFException ex) {
			if (sample.head().length >= sample.size()) {
				throw ex;
			}
			try (InputStream in = new BufferedInputStream(Files.newInputStream(sample.file()))) {
				return OnnxHeader.read(new WireInput(in, sample.size()));
			}
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The upload is served as it is. Before ONNX Runtime sees it, the memory its
	 * initializers declare and what its constant-shaped operators would allocate are
	 * checked against {@code limits.maxExpandedBytes()}, and a model in which a request's
	 * values decide an allocation is refused ({@link AllocationScan}); nested messages
	 * are bounded by {@link ExternalDataScan#MAX_DEPTH}.
	 */
	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits) {
		requireOnnx(claim.format());
		refuseExternalData(upload, Phase.SCAN);
		checkAllocations(upload, limits.maxExpandedBytes(), Phase.SCAN);
		OnnxModel model = open(upload);
		return new AdmittedModel(ONNX, upload.getFileName().toString(), model, model.notes());
	}

	@Override
	public LoadedModel load(Path servedFile, ModelFormat format) {
		requireOnnx(format);
		refuseExternalData(servedFile, Phase.LOAD);
		// the limit was checked at admission and may have changed since; what a request
		// could decide is refused whatever the limit, also in files admitted before the
		// check
		checkAllocations(servedFile, Long.MAX_VALUE, Phase.LOAD);
		return open(servedFile);
	}

	private static void checkAllocations(Path model, long limit, Phase phase) {
		try {
			AllocationScan.check(model, limit);
		}
		catch (WireFormatException | EOFException ex) {
			throw ModelRejectedException.invalid(phase, "The file is not a well-formed ONNX model",
					"Check that it is complete: onnx.checker.check_model should accept it", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the model", ex);
		}
	}

	private static void requireOnnx(ModelFormat format) {
		if (!ONNX.equals(format)) {
			throw new IllegalArgumentException("the ONNX engine does not admit " + format.id());
		}
	}

	private static void refuseExternalData(Path model, Phase phase) {
		boolean external;
		try {
			external = ExternalDataScan.foundIn(model);
		}
		catch (WireFormatException | EOFException ex) {
			throw ModelRejectedException.invalid(phase, "The file is not a well-formed ONNX model",
					"Check that it is complete: onnx.checker.check_model should accept it", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the model", ex);
		}
		if (external) {
			throw ModelRejectedException.unsupported(phase,
					"The model keeps weights in separate files (ONNX external data), which is not supported",
					"Save it with the weights inside the .onnx file: onnx.save_model(model, path, "
							+ "save_as_external_data=False) (possible below 2 GB)");
		}
	}

	/** A session over the file and the model around it; phase LOAD for every failure. */
	private OnnxModel open(Path file) {
		OrtSession session = session(file);
		try {
			return new OnnxModel(this.environment, session, OnnxSignature.of(session));
		}
		catch (OrtException ex) {
			closeAfterFailure(session, ex);
			throw rejected(ex, file);
		}
		catch (RuntimeException ex) {
			closeAfterFailure(session, ex);
			throw ex;
		}
	}

	private static void closeAfterFailure(OrtSession session, Exception failure) {
		try {
			session.close();
		}
		catch (OrtException ex) {
			failure.addSuppressed(ex);
		}
	}

	private OrtSession session(Path file) {
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.setExecutionMode(ExecutionMode.SEQUENTIAL);
			return this.environment.createSession(file.toString(), options);
		}
		catch (OrtException ex) {
			throw rejected(ex, file);
		}
	}

	private static ModelRejectedException rejected(OrtException ex, Path file) {
		return ModelRejectedException.invalid(Phase.LOAD,
				"ONNX Runtime cannot load the model: " + OrtErrors.plain(ex, file),
				"Check that the model runs in ONNX Runtime 1.28 on CPU, with opset and IR version it supports", ex);
	}

}
