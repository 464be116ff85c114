package io.modelhost.runtime.internal;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;

/**
 * Recognises model formats that no engine on the class path serves, so that an upload
 * gets an answer that names the format and says what to do, rather than "unknown format".
 * Reads only magic numbers and a zip's central directory; never inflates anything.
 */
public final class UnservedFormats {

	private static final byte[] HDF5 = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

	private static final byte[] ZIP = { 'P', 'K', 3, 4 };

	private static final int MAX_LISTED_ENTRIES = 10_000;

	private UnservedFormats() {
	}

	/** Why the sample cannot be served, if it is a format we know. */
	public static Optional<ModelRejectedException> explain(ArtifactSample sample) {
		for (int offset : new int[] { 0, 512, 1024, 2048 }) {
			if (sample.hasBytesAt(offset, HDF5)) {
				return Optional.of(ModelRejectedException.unsupported(Phase.DETECT,
						"Keras HDF5 (.h5) models are not supported yet",
						"Convert the model to ONNX (python -m tf2onnx.convert --keras model.h5 --output model.onnx) "
								+ "and upload the .onnx file."));
			}
		}
		if (sample.hasBytesAt(0, ZIP)) {
			return Optional.of(zip(sample));
		}
		return Optional.empty();
	}

	private static ModelRejectedException zip(ArtifactSample sample) {
		boolean torchScript = false;
		boolean torchPickle = false;
		boolean keras = false;
		try (ZipFile zip = new ZipFile(sample.file().toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			for (int i = 0; entries.hasMoreElements() && i < MAX_LISTED_ENTRIES; i++) {
				String name = entries.nextElement().getName();
				torchScript |= name.endsWith("/constants.pkl") || name.contains("/code/");
				torchPickle |= name.endsWith("/data.pkl") || name.equals("data.pkl");
				keras |= name.equals("config.json") || name.equals("model.weights.h5");
			}
		}
		catch (IOException ex) {
			return ModelRejectedException.invalid(Phase.DETECT, "the file starts like a zip archive but is not one",
					null, ex);
		}
		if (torchScript) {
			return ModelRejectedException.unsupported(Phase.DETECT,
					"TorchScript (.pt/.pth) models are not supported yet",
					"Export the model to ONNX with torch.onnx.export(model, example_input, \"model.onnx\") and upload "
							+ "the .onnx file.");
		}
		if (torchPickle) {
			return ModelRejectedException.unsupported(Phase.DETECT,
					"this PyTorch file holds only weights (a state_dict) or a pickled nn.Module, which cannot be served "
							+ "without your Python code",
					"Export the whole model: torch.jit.save(torch.jit.script(model), \"model.pt\") or "
							+ "torch.onnx.export(model, example_input, \"model.onnx\").");
		}
		if (keras) {
			return ModelRejectedException.unsupported(Phase.DETECT, "Keras 3 (.keras) models are not supported yet",
					"Convert the model to ONNX with tf2onnx and upload the .onnx file.");
		}
		return ModelRejectedException.unsupported(Phase.DETECT, "a zip archive is not a model format served here",
				null);
	}

}
