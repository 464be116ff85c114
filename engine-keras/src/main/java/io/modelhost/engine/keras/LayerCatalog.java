package io.modelhost.engine.keras;

import java.util.Set;
import java.util.TreeSet;

/**
 * The Keras layer classes this engine runs, and the one place that maps a class name to
 * its implementation. A class that is not here is refused before anything is built.
 */
final class LayerCatalog {

	/** Layers that only matter in training; at inference they pass their input on. */
	static final Set<String> IDENTITY = Set.of("Dropout", "SpatialDropout1D", "SpatialDropout2D", "AlphaDropout",
			"GaussianNoise", "GaussianDropout", "ActivityRegularization");

	/** Models used as layers; their own layers are checked one by one. */
	static final Set<String> CONTAINERS = Set.of("Sequential", "Model", "Functional");

	/** Layers that wrap another layer, given in their {@code layer} setting. */
	static final Set<String> WRAPPERS = Set.of("Bidirectional", "TimeDistributed");

	private static final Set<String> LAYERS = Set.of("InputLayer", "Dense", "Activation", "ReLU", "LeakyReLU", "ELU",
			"ThresholdedReLU", "Softmax", "Rescaling", "Flatten", "Reshape", "Permute", "RepeatVector", "Conv1D",
			"Convolution1D", "Conv2D", "Convolution2D", "MaxPooling1D", "MaxPool1D", "MaxPooling2D", "MaxPool2D",
			"AveragePooling1D", "AvgPool1D", "AveragePooling2D", "AvgPool2D", "GlobalMaxPooling1D", "GlobalMaxPool1D",
			"GlobalMaxPooling2D", "GlobalMaxPool2D", "GlobalAveragePooling1D", "GlobalAvgPool1D",
			"GlobalAveragePooling2D", "GlobalAvgPool2D", "BatchNormalization", "SimpleRNN", "LSTM", "GRU", "CuDNNLSTM",
			"CuDNNGRU", "Embedding", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
			"ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D");

	/**
	 * Built-in Keras layers this engine does not run: refused as unsupported, not as
	 * custom code.
	 */
	private static final Set<String> OTHER_KERAS_LAYERS = Set.of("Conv3D", "Conv1DTranspose", "Conv2DTranspose",
			"Conv3DTranspose", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
			"LocallyConnected1D", "LocallyConnected2D", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "MaxPooling3D",
			"AveragePooling3D", "GlobalMaxPooling3D", "GlobalAveragePooling3D", "UpSampling1D", "UpSampling2D",
			"UpSampling3D", "ZeroPadding3D", "Cropping3D", "SpatialDropout3D", "Masking", "PReLU", "Dot", "Attention",
			"AdditiveAttention", "MultiHeadAttention", "LayerNormalization", "GroupNormalization", "UnitNormalization",
			"Normalization", "Discretization", "CategoryEncoding", "Hashing", "StringLookup", "IntegerLookup",
			"TextVectorization", "Resizing", "CenterCrop", "RNN", "StackedRNNCells", "SimpleRNNCell", "LSTMCell",
			"GRUCell", "TensorFlowOpLayer", "TFOpLambda", "SlicingOpLambda", "Wrapper", "Identity");

	private LayerCatalog() {
	}

	/** Whether the engine runs this class (containers and wrappers included). */
	static boolean supports(String className) {
		return LAYERS.contains(className) || IDENTITY.contains(className) || CONTAINERS.contains(className)
				|| WRAPPERS.contains(className);
	}

	/** Whether the class is a layer Keras itself ships. */
	static boolean isKerasLayer(String className) {
		return supports(className) || OTHER_KERAS_LAYERS.contains(className) || className.equals("Lambda");
	}

	/** Every supported class, sorted, for messages. */
	static String supportedNames() {
		var names = new TreeSet<>(LAYERS);
		names.addAll(IDENTITY);
		names.addAll(WRAPPERS);
		names.remove("InputLayer");
		return String.join(", ", names);
	}

	/**
	 * Builds a leaf layer (not a container, not an input).
	 * @throws io.modelhost.engine.ModelRejectedException if the settings or weights do
	 * not fit
	 */
	static Layer create(LayerConfig config, LayerWeights weights) {
		String type = config.className();
		if (IDENTITY.contains(type)) {
			return new Layer.Identity();
		}
		return switch (type) {
			case "Dense" -> Dense.of(config, weights);
			case "Activation", "ReLU", "LeakyReLU", "ELU", "ThresholdedReLU", "Softmax", "Rescaling" ->
				ActivationLayer.of(config);
			case "Flatten" -> {
				config.requireChannelsLast();
				yield new Reshaping.Flatten();
			}
			case "Reshape" -> Reshaping.Reshape.of(config);
			case "Permute" -> Reshaping.Permute.of(config);
			case "RepeatVector" -> new Reshaping.RepeatVector(config.integer("n"));
			case "Conv1D", "Convolution1D", "Conv2D", "Convolution2D" -> Convolution.of(config, weights);
			case "MaxPooling1D", "MaxPool1D", "MaxPooling2D", "MaxPool2D", "AveragePooling1D", "AvgPool1D",
					"AveragePooling2D", "AvgPool2D" ->
				Pooling.of(config);
			case "GlobalMaxPooling1D", "GlobalMaxPool1D", "GlobalMaxPooling2D", "GlobalMaxPool2D",
					"GlobalAveragePooling1D", "GlobalAvgPool1D", "GlobalAveragePooling2D", "GlobalAvgPool2D" ->
				Pooling.Global.of(config);
			case "BatchNormalization" -> BatchNormalization.of(config, weights);
			case "SimpleRNN", "LSTM", "GRU", "CuDNNLSTM", "CuDNNGRU" -> Recurrent.of(config, weights);
			case "Bidirectional" -> Bidirectional.of(config, weights);
			case "TimeDistributed" -> timeDistributed(config, weights);
			case "Embedding" -> Embedding.of(config, weights);
			case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> Merge.of(config);
			case "Concatenate" -> new Merge.Concatenate(config.integer("axis", -1));
			case "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D" -> Margins.of(config);
			default -> throw config.unsupported("this layer is not supported",
					"Supported layers: " + supportedNames() + ". Or convert the model to ONNX (python -m "
							+ "tf2onnx.convert --keras model.h5) and upload the .onnx file");
		};
	}

	private static Layer timeDistributed(LayerConfig config, LayerWeights weights) {
		LayerConfig inner = LayerConfig.of(config.config().path("layer"));
		config.refuse(CONTAINERS.contains(inner.className()), "a model inside TimeDistributed");
		if (!(create(inner, weights) instanceof Layer.Unary unary)) {
			throw config.unsupported("TimeDistributed around a layer of several inputs is not supported", null);
		}
		return new TimeDistributed(unary);
	}

}
