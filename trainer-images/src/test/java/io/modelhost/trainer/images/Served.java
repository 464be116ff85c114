package io.modelhost.trainer.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.DataType;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.onnx.OnnxEngine;
import io.modelhost.trainer.ImageSource;

/** A written model admitted and scored by engine-onnx, as an endpoint serves it. */
final class Served {

	private static final OnnxEngine ENGINE = new OnnxEngine();

	private Served() {
	}

	/** Detects and admits {@code file} like an upload. The caller closes the model. */
	static LoadedModel admit(Path file) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		FormatClaim claim = ENGINE.detect(new ArtifactSample(file, Files.size(file), head)).orElseThrow();
		Path work = Files.createTempDirectory(file.getParent(), "admitted");
		Path upload = Files.copy(file, work.resolve("upload.onnx"));
		return ENGINE.admit(upload, claim, work, new AdmissionLimits(256L << 20, 100)).model();
	}

	/**
	 * The probabilities of each picture of {@code source}, converted by {@code input}.
	 */
	static float[][] probabilities(LoadedModel model, ImageSource source, ImagePreprocessing input) throws IOException {
		int n = source.size();
		int perImage = input.valuesPerImage();
		float[] values = new float[n * perImage];
		for (int i = 0; i < n; i++) {
			input.write(source.read(i), values, i * perImage);
		}
		List<Long> shape = java.util.Arrays.stream(input.shape(n)).boxed().toList();
		var prediction = (Prediction.Tensors) model
			.predict(new ModelInput.Tensors(Map.of(OnnxWriter.INPUT, new Tensor(DataType.FP32, shape, values))));
		Tensor output = prediction.outputs().get(OnnxWriter.OUTPUT);
		float[] flat = (float[]) output.data();
		int classes = (int) (long) output.shape().get(1);
		float[][] rows = new float[n][];
		for (int i = 0; i < n; i++) {
			rows[i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
		}
		return rows;
	}

}
