package io.modelhost.trainer.images;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import ai.djl.nn.SequentialBlock;
import io.modelhost.engine.ImagePreprocessing;

/**
 * The classifier's layers, chosen from the input size: stages of convolution, batch
 * normalisation, ReLU and 2×2 max pooling until the picture is at most
 * {@value #LAST_SIDE} pixels on its shorter side (at most {@value #MAX_STAGES} stages),
 * then a dense hidden layer with dropout and a dense layer with one output per class. The
 * softmax is not a layer: the loss applies it while training and the ONNX file ends with
 * it.
 *
 * <p>
 * For the 28×28 digits:
 * {@code conv64-bn-pool-conv128-bn-pool-conv128-bn-pool-dense128-dropout-dense10}.
 *
 * @param layers in order, input first
 * @param classes the number of outputs
 */
record Network(List<Layer> layers, int classes) {

	/** The most convolution stages. */
	static final int MAX_STAGES = 5;

	/** Convolution stages stop once the shorter side is this small. */
	static final int LAST_SIDE = 3;

	/** Filters of the first stage; each further stage doubles them up to 128. */
	static final int FIRST_FILTERS = 64;

	static final int MAX_FILTERS = 128;

	/** Units of the hidden dense layer. */
	static final int HIDDEN_UNITS = 128;

	/** Batches smaller than this train without batch normalisation (too noisy). */
	static final int MIN_BATCH_FOR_NORM = 8;

	Network {
		layers = List.copyOf(layers);
	}

	/**
	 * The network for pictures of this input, trained in batches of {@code batchSize}.
	 */
	static Network forInput(ImagePreprocessing input, int classes, double dropout, int batchSize) {
		boolean norm = batchSize >= MIN_BATCH_FOR_NORM;
		var layers = new ArrayList<Layer>();
		int side = Math.min(input.width(), input.height());
		int filters = FIRST_FILTERS;
		for (int stage = 0; stage < MAX_STAGES; stage++) {
			layers.add(new Layer.Conv(filters));
			if (norm) {
				layers.add(new Layer.Norm());
			}
			layers.add(new Layer.Relu());
			if (side >= 2) {
				layers.add(new Layer.Pool());
				side /= 2;
			}
			if (side <= LAST_SIDE) {
				break;
			}
			filters = Math.min(filters * 2, MAX_FILTERS);
		}
		layers.add(new Layer.Flatten());
		layers.add(new Layer.Dense(HIDDEN_UNITS));
		layers.add(new Layer.Relu());
		if (dropout > 0) {
			layers.add(new Layer.Dropout((float) dropout));
		}
		layers.add(new Layer.Dense(classes));
		return new Network(layers, classes);
	}

	/** A new DJL block of these layers, parameters uninitialised. */
	SequentialBlock block() {
		var block = new SequentialBlock();
		for (Layer layer : this.layers) {
			block.add(layer.block());
		}
		return block;
	}

	/**
	 * The network in words, e.g. {@code conv32-bn-pool-conv64-bn-pool-dense128-dense10}.
	 */
	String describe() {
		var words = new StringJoiner("-");
		for (Layer layer : this.layers) {
			switch (layer) {
				case Layer.Conv conv -> words.add("conv" + conv.filters());
				case Layer.Norm norm -> words.add("bn");
				case Layer.Pool pool -> words.add("pool");
				case Layer.Dense dense -> words.add("dense" + dense.units());
				case Layer.Dropout dropout -> words.add("dropout");
				case Layer.Relu relu -> {
				}
				case Layer.Flatten flatten -> {
				}
			}
		}
		return words.toString();
	}

}
