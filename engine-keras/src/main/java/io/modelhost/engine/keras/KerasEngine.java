package io.modelhost.engine.keras;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import tools.jackson.databind.JsonNode;

/**
 * Serves Keras 2 HDF5 models ({@code model.save('model.h5')}) with a pure-Java
 * interpreter: jhdf reads the file, {@link GraphReader} builds the layers, and the layers
 * compute in double precision (docs/adr/0004).
 *
 * <p>
 * Admission reads the {@code model_config}, refuses a {@code Lambda} layer anywhere in it
 * (Python code) and any layer class the engine does not run, builds the graph with its
 * weights, and runs one example of zeros. The upload itself is the served file. Keras 3
 * {@code .keras} archives are recognised and refused with a hint to save as {@code .h5}.
 *
 * <p>
 * Thread-safe and stateless: nothing native is loaded, nothing from the file is executed,
 * and a malformed file can only make admission throw.
 */
public final class KerasEngine implements ModelEngine {

	/** Keras 2 models in HDF5, the format this engine admits. */
	public static final ModelFormat KERAS_H5 = new ModelFormat("keras-h5", "Keras HDF5");

	/**
	 * Keras 3 archives: recognised so that an upload gets a precise answer, but never
	 * admitted, so not among {@link #formats()}.
	 */
	public static final ModelFormat KERAS_3 = new ModelFormat("keras-v3", "Keras 3 archive (.keras)");

	/** HDF5's signature, found at 0 or, after a user block, at 512, 1024, 2048... */
	private static final byte[] HDF5 = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

	private static final int[] HDF5_OFFSETS = { 0, 512, 1024, 2048 };

	/** The signature is certain for HDF5; whether it holds a Keras model is for admit. */
	private static final int CONFIDENCE = 95;

	private static final int KERAS_3_CONFIDENCE = 90;

	/**
	 * Weights {@link #load} reads at most: it has no limits of its own, and the file was
	 * admitted under the platform's limits before.
	 */
	private static final long LOAD_WEIGHT_BYTES = 8L * 1024 * 1024 * 1024;

	@Override
	public String id() {
		return "keras";
	}

	@Override
	public List<ModelFormat> formats() {
		return List.of(KERAS_H5);
	}

	/** The interpreter is pure Java: a model's weights live on the heap. */
	@Override
	public boolean holdsNativeMemory() {
		return false;
	}

	@Override
	public Optional<FormatClaim> detect(ArtifactSample sample) {
		try {
			for (int offset : HDF5_OFFSETS) {
				if (sample.hasBytesAt(offset, HDF5)) {
					return Optional.of(new FormatClaim(KERAS_H5, CONFIDENCE, "HDF5 file, read as a Keras model"));
				}
			}
			if (KerasArchive.looksLikeZip(sample) && KerasArchive.isKeras3(sample.file())) {
				return Optional.of(new FormatClaim(KERAS_3, KERAS_3_CONFIDENCE, "Keras 3 archive (.keras)"));
			}
		}
		catch (RuntimeException ex) {
			// unreadable: not ours to claim
		}
		return Optional.empty();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Memory is counted as the interpreter will hold it, in 64-bit floats, against
	 * {@code limits.maxExpandedBytes()}: the weights of the whole model from their
	 * declared HDF5 shapes before any weight is read (a file of a few kilobytes may
	 * declare gigabytes of fill values or compressed zeros), and the values one example
	 * holds while it runs before the example of zeros runs. Nothing is written to
	 * {@code workDirectory}.
	 */
	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits) {
		if (KERAS_3.equals(claim.format())) {
			throw ModelRejectedException.unsupported(Phase.DETECT, "Keras 3 (.keras) files are not supported",
					"Save the model as HDF5 with model.save('model.h5') and upload the .h5 file, or convert it to "
							+ "ONNX (python -m tf2onnx.convert) and upload the .onnx file");
		}
		requireKerasH5(claim.format());
		var notes = new ArrayList<String>();
		KerasModel model = open(upload, limits.maxExpandedBytes(), notes);
		long exampleBytes = model.exampleElements() * KerasFile.WIDENED_ELEMENT_BYTES;
		if (exampleBytes > limits.maxExpandedBytes()) {
			model.close();
			throw ModelRejectedException.tooLarge(Phase.VALIDATE,
					"One example takes " + exampleBytes + " bytes of layer outputs while the model runs, more than the "
							+ "limit of " + limits.maxExpandedBytes() + " bytes");
		}
		try {
			model.runSample();
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw ModelRejectedException.invalid(Phase.VALIDATE,
					"The model fails on an example of zeros: " + SafeName.of(String.valueOf(ex.getMessage())),
					"Check that the file loads and predicts in Keras", ex);
		}
		return new AdmittedModel(KERAS_H5, upload.getFileName().toString(), model, notes);
	}

	@Override
	public LoadedModel load(Path servedFile, ModelFormat format) {
		requireKerasH5(format);
		return open(servedFile, LOAD_WEIGHT_BYTES, new ArrayList<>());
	}

	private static void requireKerasH5(ModelFormat format) {
		if (!KERAS_H5.equals(format)) {
			throw new IllegalArgumentException("the Keras engine does not admit " + format.id());
		}
	}

	private static KerasModel open(Path file, long maxWeightBytes, List<String> notes) {
		try (KerasFile keras = KerasFile.open(file, maxWeightBytes)) {
			JsonNode config = keras.modelConfig();
			ConfigScan.check(config);
			keras.requireWeightsWithin(maxWeightBytes);
			ModelGraph graph = GraphReader.read(config, keras::weights);
			String version = keras.kerasVersion();
			notes.add("Keras " + (version.isEmpty() ? "2" : SafeName.of(version)) + " model, " + graph.steps().size()
					+ " layer calls, run by the built-in Keras interpreter");
			return new KerasModel(graph);
		}
	}

}
