package io.modelhost.protocols.oip;

import io.modelhost.engine.ModelFormat;

/**
 * The {@code platform} of model metadata, named {@code <project>_<format>} as the
 * protocol asks, with the protocol's own names where it has them ({@code onnx_onnxv1},
 * {@code pytorch_torchscript}).
 */
final class Platforms {

	private Platforms() {
	}

	static String of(ModelFormat format) {
		return switch (format.id()) {
			case "onnx" -> "onnx_onnxv1";
			case "torchscript" -> "pytorch_torchscript";
			case "sklearn" -> "sklearn_pickle";
			case "pmml" -> "jpmml_pmml";
			case "keras-h5" -> "keras_h5";
			case "keras-v3" -> "keras_keras";
			default -> "modelhost_" + format.id().replace('-', '_');
		};
	}

}
