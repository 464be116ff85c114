package io.modelhost.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An inference engine: recognises, admits and loads the model formats it supports.
 *
 * <p>
 * Implementations are registered with {@link java.util.ServiceLoader} and must have a
 * public no-argument constructor. They are shared by every thread: all methods must be
 * thread-safe. Nothing an engine reads from a model file may ever be executed as code.
 */
public interface ModelEngine {

	/** A stable identifier, e.g. {@code onnx-runtime}. */
	String id();

	/** The formats this engine can admit. */
	List<ModelFormat> formats();

	/**
	 * Whether models of this engine hold memory outside the Java heap (native libraries
	 * such as ONNX Runtime). The platform measures native memory only for engines that
	 * do; for the others it counts none, rather than the noise of the process's other
	 * growth.
	 */
	default boolean holdsNativeMemory() {
		return true;
	}

	/**
	 * Whether the model files of this engine carry code that runs when a model loads or
	 * predicts (a TorchScript program), and what a worker process needs to run the engine
	 * apart from the server. The platform runs {@link #admit} and {@link #load} of such
	 * an engine, and every prediction, in a sandboxed worker process that sees no data
	 * directory and no network; {@link #detect} stays in the server. Empty, by default,
	 * for engines whose files are data only.
	 */
	default java.util.Optional<Confinement> confinement() {
		return java.util.Optional.empty();
	}

	/**
	 * Start the engine's native runtime ahead of first use; may extract native libraries
	 * (into a cache directory of the engine's choosing) and load them. Engines start
	 * lazily on first admission or load anyway; this lets a host prepare an engine once,
	 * with its cache writable, before running it where the cache is read-only. Idempotent
	 * and thread-safe; does nothing by default.
	 * @throws IllegalStateException if the runtime cannot start (a fault of the
	 * deployment, not of any model)
	 */
	default void start() {
	}

	/**
	 * Recognise a file from its bytes (never from its name).
	 *
	 * <p>
	 * Detection must stay plain Java reading bytes: no native library, no model code. A
	 * host that runs an engine's admission and loading in a separate, sandboxed process
	 * still calls {@code detect} in its own process.
	 * @param sample the file's head and size
	 * @return a claim if the file is in one of this engine's formats; empty for foreign
	 * files. Must not throw for any input.
	 */
	Optional<FormatClaim> detect(ArtifactSample sample);

	/**
	 * Admit an upload: check it is safe, convert it if needed, load it, and leave in
	 * {@code workDirectory} the file that {@link #load} needs later.
	 * @param upload the uploaded file, inside {@code workDirectory}
	 * @param claim the claim this engine made in {@link #detect}
	 * @param workDirectory a private directory the engine may write to
	 * @param limits resource limits to respect while reading untrusted bytes
	 * @return the admitted, loaded model, owned by the caller
	 * @throws ModelRejectedException when the file is unsafe, unsupported, broken or too
	 * large; the message says why in plain words and contains no file paths
	 */
	AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits);

	/**
	 * Admits an upload whose uploader declared the model's inputs, for formats that do
	 * not record them (TorchScript records no shapes). An engine that can use
	 * declarations overrides this and validates them on a sample before the model goes
	 * live; by default the model's own signature must agree with them.
	 * @param declaredInputs the inputs as the uploader declared them; empty when none
	 * were
	 * @throws ModelRejectedException as
	 * {@link #admit(Path, FormatClaim, Path, AdmissionLimits)} does, and with phase
	 * {@link ModelRejectedException.Phase#VALIDATE} when the declarations contradict the
	 * model
	 */
	default AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits,
			List<TensorSignature.TensorSpec> declaredInputs) {
		AdmittedModel admitted = admit(upload, claim, workDirectory, limits);
		if (!declaredInputs.isEmpty()) {
			try {
				DeclaredInputs.requireAgreement(admitted.model().signature(), declaredInputs);
			}
			catch (ModelRejectedException ex) {
				admitted.model().close();
				throw ex;
			}
		}
		return admitted;
	}

	/**
	 * Load a model this engine admitted before.
	 * @param servedFile the file named by {@link AdmittedModel#servedFile()}
	 * @param format the format it was admitted as
	 * @return the loaded model, owned by the caller
	 * @throws ModelRejectedException with phase {@link ModelRejectedException.Phase#LOAD}
	 * if the file cannot be loaded
	 */
	LoadedModel load(Path servedFile, ModelFormat format);

}
