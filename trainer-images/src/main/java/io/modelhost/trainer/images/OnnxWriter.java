package io.modelhost.trainer.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.ImagePreprocessing;
import org.jspecify.annotations.Nullable;

/**
 * Writes a trained {@link Network} as an ONNX model (IR version {@value #IR_VERSION},
 * opset {@value #OPSET}): input {@value #INPUT} [-1, channels, height, width] float,
 * output {@value #OUTPUT} [-1, classes], the softmax of the last layer. Each layer of the
 * menu becomes one operator (Conv, BatchNormalization, Relu, MaxPool, Flatten, Gemm with
 * transB; dropout is left out), with the weights as initializers in {@code raw_data}.
 *
 * <p>
 * The protobuf messages are written by hand ({@link ProtoWriter}); the field numbers are
 * those of {@code onnx.proto}. Stateless and thread-safe.
 */
final class OnnxWriter {

	static final String INPUT = "image";

	static final String OUTPUT = "probabilities";

	static final int IR_VERSION = 8;

	static final int OPSET = 13;

	private static final int FLOAT = 1;

	private static final int ATTRIBUTE_FLOAT = 1;

	private static final int ATTRIBUTE_INT = 2;

	private static final int ATTRIBUTE_INTS = 7;

	private OnnxWriter() {
	}

	/** Writes the model to {@code file}, replacing it. */
	static void write(Network network, Weights weights, ImagePreprocessing input, Path file) throws IOException {
		Files.write(file, model(network, weights, input));
	}

	/** The model's bytes. */
	static byte[] model(Network network, Weights weights, ImagePreprocessing input) {
		var graph = new ProtoWriter();
		var initializers = new ArrayList<ProtoWriter>();
		String current = INPUT;
		List<Layer> layers = network.layers();
		for (int i = 0; i < layers.size(); i++) {
			String output = "layer" + i;
			@Nullable ProtoWriter node = switch (layers.get(i)) {
				case Layer.Conv conv -> {
					int k = Layer.Conv.KERNEL;
					yield node("Conv", output, current, parameter(weights, i, "weight", initializers),
							parameter(weights, i, "bias", initializers))
						.message(5, ints("kernel_shape", k, k))
						.message(5, ints("pads", 1, 1, 1, 1))
						.message(5, ints("strides", 1, 1));
				}
				case Layer.Norm norm -> node("BatchNormalization", output, current,
						parameter(weights, i, "gamma", initializers), parameter(weights, i, "beta", initializers),
						parameter(weights, i, "runningMean", initializers),
						parameter(weights, i, "runningVar", initializers))
					.message(5, attribute("epsilon", ATTRIBUTE_FLOAT).fixed32(2, Layer.Norm.EPSILON));
				case Layer.Relu relu -> node("Relu", output, current);
				case Layer.Pool pool -> node("MaxPool", output, current).message(5, ints("kernel_shape", 2, 2))
					.message(5, ints("strides", 2, 2));
				case Layer.Flatten flatten ->
					node("Flatten", output, current).message(5, attribute("axis", ATTRIBUTE_INT).varint(3, 1));
				case Layer.Dense dense -> node("Gemm", output, current, parameter(weights, i, "weight", initializers),
						parameter(weights, i, "bias", initializers))
					.message(5, attribute("transB", ATTRIBUTE_INT).varint(3, 1));
				case Layer.Dropout dropout -> null;
			};
			if (node != null) {
				graph.message(1, node);
				current = output;
			}
		}
		graph.message(1, node("Softmax", OUTPUT, current).message(5, attribute("axis", ATTRIBUTE_INT).varint(3, 1)));
		graph.string(2, "modelhost-image-classifier");
		for (ProtoWriter initializer : initializers) {
			graph.message(5, initializer);
		}
		graph.message(11, valueInfo(INPUT, input.channels(), input.height(), input.width()));
		graph.message(12, valueInfo(OUTPUT, network.classes()));
		return new ProtoWriter().varint(1, IR_VERSION)
			.string(2, "modelhost trainer-images")
			.message(7, graph)
			.message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
			.toByteArray();
	}

	private static ProtoWriter node(String operator, String output, String... inputs) {
		var node = new ProtoWriter();
		for (String input : inputs) {
			node.string(1, input);
		}
		return node.string(2, output).string(3, output).string(4, operator);
	}

	/**
	 * Adds one parameter of layer {@code layer} as an initializer and returns its name.
	 */
	private static String parameter(Weights weights, int layer, String name, List<ProtoWriter> initializers) {
		Weights.Tensor tensor = weights.tensor(layer, name);
		String id = "layer" + layer + "." + name;
		var proto = new ProtoWriter();
		for (long dimension : tensor.shape()) {
			proto.varint(1, dimension);
		}
		proto.varint(2, FLOAT).string(8, id).bytes(9, ProtoWriter.littleEndian(tensor.values()));
		initializers.add(proto);
		return id;
	}

	private static ProtoWriter attribute(String name, int type) {
		return new ProtoWriter().string(1, name).varint(20, type);
	}

	private static ProtoWriter ints(String name, long... values) {
		ProtoWriter attribute = attribute(name, ATTRIBUTE_INTS);
		for (long value : values) {
			attribute.varint(8, value);
		}
		return attribute;
	}

	/** A float tensor of shape [batch, dimensions...], the batch left open. */
	private static ProtoWriter valueInfo(String name, long... dimensions) {
		var shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "batch"));
		for (long dimension : dimensions) {
			shape.message(1, new ProtoWriter().varint(1, dimension));
		}
		var tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
		return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
	}

}
