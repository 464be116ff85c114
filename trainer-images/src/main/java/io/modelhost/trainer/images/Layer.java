package io.modelhost.trainer.images;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * One layer of the menu a {@link Network} is built from. Each layer makes its DJL block
 * for training, and {@link OnnxWriter} writes the matching ONNX operator, so the menu is
 * all the ONNX writer has to know.
 */
sealed interface Layer
		permits Layer.Conv, Layer.Norm, Layer.Relu, Layer.Pool, Layer.Flatten, Layer.Dense, Layer.Dropout {

	/** A new DJL block for this layer, parameters uninitialised. */
	Block block();

	/** 3×3 convolution, stride 1, one pixel of zero padding: keeps height and width. */
	record Conv(int filters) implements Layer {

		static final int KERNEL = 3;

		@Override
		public Block block() {
			return Conv2d.builder()
				.setKernelShape(new Shape(KERNEL, KERNEL))
				.optPadding(new Shape(1, 1))
				.setFilters(this.filters)
				.build();
		}

	}

	/** Batch normalisation over the channel axis. */
	record Norm() implements Layer {

		static final float EPSILON = 1e-5f;

		@Override
		public Block block() {
			return BatchNorm.builder().optAxis(1).optEpsilon(EPSILON).optMomentum(0.9f).build();
		}

	}

	/** Rectified linear unit. */
	record Relu() implements Layer {

		@Override
		public Block block() {
			return Activation.reluBlock();
		}

	}

	/** 2×2 max pooling, stride 2: halves height and width (rounding down). */
	record Pool() implements Layer {

		@Override
		public Block block() {
			return ai.djl.nn.pooling.Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
		}

	}

	/** Flattens each example to one vector, channels first. */
	record Flatten() implements Layer {

		@Override
		public Block block() {
			return Blocks.batchFlattenBlock();
		}

	}

	/** Fully connected: {@code x · Wᵀ + b}, weight [units, inputs]. */
	record Dense(int units) implements Layer {

		@Override
		public Block block() {
			return Linear.builder().setUnits(this.units).build();
		}

	}

	/** Dropout while training; the identity in the written model. */
	record Dropout(float rate) implements Layer {

		@Override
		public Block block() {
			return ai.djl.nn.norm.Dropout.builder().optRate(this.rate).build();
		}

	}

}
