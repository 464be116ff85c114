package io.modelhost.engine.djl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.util.Utils;
import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.Confinement;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * Serves TorchScript programs ({@code torch.jit.save}) with DJL's PyTorch engine
 * (libtorch 2.7.1 on CPU), fully offline.
 *
 * <p>
 * A PyTorch file is a zip archive with one root folder. One with {@code constants.pkl} or
 * {@code code/} under the root is TorchScript; one with only {@code data.pkl} and
 * {@code data/} was written by {@code torch.save} (a state_dict or a pickled
 * {@code nn.Module}): it is claimed too, so that admission can refuse it with a hint
 * instead of the platform calling it an unknown format. Legacy pre-zip pickles are left
 * to whichever engine refuses pickles.
 *
 * <p>
 * Admission checks the whole archive in Java first ({@link ArchiveInspection}): zip
 * bombs, path traversal and the like are refused before libtorch sees a byte. Then every
 * program file and pickle is checked against the operator allow-list
 * ({@link OperatorCheck}, again at every load): {@code torch.from_file},
 * {@code torch.save}, custom operator namespaces and native custom classes never reach
 * libtorch. The program text is read (never run) for the {@code forward} signature,
 * libtorch loads the archive, and {@link ScriptSignature} says how the shapes are found
 * and which models are refused for want of them. The upload itself is served.
 *
 * <p>
 * Thread-safe. libtorch starts on the first admission or load, not at construction or
 * detection ({@link TorchRuntime}); each loaded model keeps up to one DJL predictor per
 * processor.
 */
public final class TorchScriptEngine implements ModelEngine {

	/** The one format this engine admits. */
	public static final ModelFormat TORCHSCRIPT = new ModelFormat("torchscript", "TorchScript");

	/** What a {@code torch.save} archive needs to become servable. */
	public static final String TORCH_SAVE_HINT = "this file holds only weights (a state_dict) or a pickled nn.Module, "
			+ "which cannot be served without your Python code; export with "
			+ "torch.jit.save(torch.jit.script(model), \"model.pt\") or torch.onnx.export(...)";

	/**
	 * A zip whose central directory names TorchScript's own entries is hardly anything
	 * else.
	 */
	private static final int CONFIDENCE = 95;

	private static final String ARCHIVE_HINT = "Save the model with torch.jit.save, which writes a plain zip "
			+ "archive, and upload that file as it is";

	private static final String LOAD_HINT = "Check that the model was saved with torch.jit.save by PyTorch 2.7 "
			+ "or older and runs on CPU";

	private static final String OPERATOR_HINT = "Only plain tensor maths can be served: file, network and "
			+ "native-library operators, custom operator namespaces and torch.classes are refused. Remove the call "
			+ "from the model, or export it with torch.onnx.export";

	private static final byte[] ZIP = { 'P', 'K', 3, 4 };

	private final TorchRuntime runtime = new TorchRuntime();

	private final int predictorsPerModel = Math.max(1, Runtime.getRuntime().availableProcessors());

	/** Starts nothing: libtorch is loaded on first use. */
	public TorchScriptEngine() {
	}

	@Override
	public String id() {
		return "djl-pytorch";
	}

	@Override
	public List<ModelFormat> formats() {
		return List.of(TORCHSCRIPT);
	}

	/**
	 * A TorchScript archive is a program: it runs apart from the server, in a worker that
	 * reads libtorch from DJL's cache directories (read-only) and is told where they are,
	 * since the worker has neither the server's home directory nor its environment.
	 */
	@Override
	public Optional<Confinement> confinement() {
		Path engineCache = Utils.getEngineCacheDir().toAbsolutePath().normalize();
		Path cache = Utils.getCacheDir().toAbsolutePath().normalize();
		List<Path> directories = engineCache.startsWith(cache) ? List.of(cache) : List.of(cache, engineCache);
		return Optional.of(new Confinement(directories, Map.of("DJL_CACHE_DIR", cache.toString(), "ENGINE_CACHE_DIR",
				engineCache.toString(), "ai.djl.offline", "true", "OPT_OUT_TRACKING", "true")));
	}

	/**
	 * Starts libtorch, extracting it into {@code DJL_CACHE_DIR} on a machine's first
	 * start.
	 */
	@Override
	public void start() {
		this.runtime.engine();
	}

	@Override
	public Optional<FormatClaim> detect(ArtifactSample sample) {
		if (!sample.hasBytesAt(0, ZIP)) {
			return Optional.empty();
		}
		return ArchiveInspection.detect(sample.file()).flatMap((evidence) -> switch (evidence.layout()) {
			case TORCHSCRIPT -> Optional.of(new FormatClaim(TORCHSCRIPT, CONFIDENCE, "TorchScript archive"));
			case TORCH_SAVE -> Optional.of(new FormatClaim(TORCHSCRIPT, CONFIDENCE,
					"PyTorch torch.save archive (weights or a pickled module), not TorchScript"));
			case OTHER -> Optional.empty();
		});
	}

	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits) {
		return admit(upload, claim, workDirectory, limits, List.of());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Declared inputs replace what would be read from the model's first layer; two sample
	 * runs prove them before the model goes live, and they are kept beside the served
	 * file for later loads.
	 */
	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits,
			List<TensorSpec> declaredInputs) {
		requireTorchScript(claim.format());
		TorchArchive archive;
		try {
			archive = ArchiveInspection.verify(upload, limits);
		}
		catch (ArchiveFormatException ex) {
			throw rejected(ex, Phase.SCAN);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the upload", ex);
		}
		switch (archive.layout()) {
			case TORCHSCRIPT -> {
			}
			case TORCH_SAVE -> throw ModelRejectedException.unsupported(Phase.VALIDATE,
					"The file is a torch.save archive" + contents(archive) + ", not a TorchScript program",
					TORCH_SAVE_HINT);
			case OTHER -> throw ModelRejectedException.invalid(Phase.SCAN, "The file is not a TorchScript archive",
					ARCHIVE_HINT, null);
		}
		requireAllowedOperators(archive, Phase.SCAN);
		TorchScriptModel model = open(archive, Phase.VALIDATE, declaredInputs);
		if (!declaredInputs.isEmpty()) {
			try {
				DeclaredInputsFile.write(workDirectory, declaredInputs);
			}
			catch (IOException ex) {
				model.close();
				throw new UncheckedIOException("could not keep the declared inputs", ex);
			}
		}
		return new AdmittedModel(TORCHSCRIPT, upload.getFileName().toString(), model, model.notes());
	}

	/** What a torch.save archive holds, from the class its pickle builds first. */
	private static String contents(TorchArchive archive) {
		try {
			return PickledClass.first(archive.read("data.pkl", 1024))
				.map((pickled) -> pickled.qualifiedName().equals("collections.OrderedDict")
						? " holding a state_dict (weights only)" : " holding a pickled " + pickled.qualifiedName())
				.orElse("");
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The file passed every check at admission, so only its central directory and local
	 * headers are checked again (names, sizes, offsets), not its inflated contents.
	 */
	@Override
	public LoadedModel load(Path servedFile, ModelFormat format) {
		requireTorchScript(format);
		TorchArchive archive;
		try {
			archive = ArchiveInspection.structure(servedFile);
		}
		catch (ArchiveFormatException ex) {
			throw rejected(ex, Phase.LOAD);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the model", ex);
		}
		if (archive.layout() != TorchArchive.Layout.TORCHSCRIPT) {
			throw ModelRejectedException.invalid(Phase.LOAD, "The file is not a TorchScript archive", null, null);
		}
		requireAllowedOperators(archive, Phase.LOAD);
		List<TensorSpec> declared;
		try {
			declared = DeclaredInputsFile.read(servedFile);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw ModelRejectedException.invalid(Phase.LOAD, "The model's declared inputs cannot be read", null, ex);
		}
		return open(archive, Phase.LOAD, declared);
	}

	/**
	 * Refuses a program that names anything outside the operator allow-list
	 * ({@link OperatorCheck}), before libtorch compiles a line of it. At load the file
	 * was admitted before, so a refusal there means the list has shrunk since: the model
	 * is refused as {@link Phase#LOAD}, as {@link #load} promises.
	 */
	private static void requireAllowedOperators(TorchArchive archive, Phase phase) {
		List<OperatorCheck.Finding> findings;
		try {
			findings = OperatorCheck.findings(archive, OperatorAllowList.standard());
		}
		catch (ArchiveFormatException ex) {
			throw rejected(ex, phase);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the model", ex);
		}
		if (findings.isEmpty()) {
			return;
		}
		String reason = "The model's TorchScript code calls what no model may: "
				+ String.join("; ", findings.stream().limit(5).map(OperatorCheck.Finding::describe).toList())
				+ ((findings.size() > 5) ? "; and " + (findings.size() - 5) + " more" : "");
		if (phase == Phase.LOAD) {
			throw ModelRejectedException.invalid(Phase.LOAD, reason, OPERATOR_HINT, null);
		}
		throw ModelRejectedException.unsafe(reason, findings.stream().map(OperatorCheck.Finding::name).toList(),
				OPERATOR_HINT);
	}

	private static void requireTorchScript(ModelFormat format) {
		if (!TORCHSCRIPT.equals(format)) {
			throw new IllegalArgumentException("the TorchScript engine does not admit " + format.id());
		}
	}

	/**
	 * Reads the program text, loads the archive into libtorch and finds the signature;
	 * the model is closed again if anything fails.
	 */
	private TorchScriptModel open(TorchArchive archive, Phase phase, List<TensorSpec> declared) {
		ScriptCode code = new ScriptCode(archive);
		ScriptCode.ScriptClass root;
		try {
			root = code.root();
		}
		catch (ArchiveFormatException ex) {
			throw rejected(ex, phase);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the model", ex);
		}
		ForwardMethod.Argument argument = ScriptSignature.argument(root, phase);
		this.runtime.engine();
		Model model = Model.newInstance("torchscript", Device.cpu(), TorchRuntime.ENGINE);
		var predictors = new PredictorPool(model, this.predictorsPerModel);
		try {
			model.load(archive.file());
			ScriptSignature signature = declared.isEmpty()
					? ScriptSignature.derive(code, root, argument, model, predictors, phase)
					: ScriptSignature.declared(argument, declared, model, predictors, phase);
			return new TorchScriptModel(model, signature.tensors(), predictors, signature.notes());
		}
		catch (IOException | MalformedModelException | RuntimeException ex) {
			predictors.close();
			model.close();
			if (ex instanceof ModelRejectedException rejected) {
				throw rejected;
			}
			if (ex instanceof ArchiveFormatException format) {
				throw rejected(format, phase);
			}
			String detail = TorchErrors.plain(ex, archive.file());
			throw ModelRejectedException.invalid(Phase.LOAD, "PyTorch cannot load the model: " + detail,
					detail.contains("constants.pkl") ? TORCH_SAVE_HINT : LOAD_HINT, ex);
		}
	}

	/**
	 * The rejection an archive problem calls for. At load every problem is phase LOAD, as
	 * {@link #load} promises.
	 */
	private static ModelRejectedException rejected(ArchiveFormatException ex, Phase phase) {
		String reason = ex.getMessage();
		if (phase == Phase.LOAD) {
			return ModelRejectedException.invalid(Phase.LOAD, reason, ARCHIVE_HINT, ex);
		}
		return switch (ex.kind()) {
			case UNSAFE -> ModelRejectedException.unsafe(reason, List.of(), ARCHIVE_HINT);
			case UNSUPPORTED -> ModelRejectedException.unsupported(phase, reason, ARCHIVE_HINT);
			case INVALID -> ModelRejectedException.invalid(phase, reason, ARCHIVE_HINT, ex);
			case TOO_LARGE -> ModelRejectedException.tooLarge(phase, reason);
			case TIMED_OUT -> ModelRejectedException.timedOut(phase, reason);
		};
	}

}
