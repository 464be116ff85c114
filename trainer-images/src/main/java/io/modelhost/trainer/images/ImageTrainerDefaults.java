package io.modelhost.trainer.images;

import io.modelhost.trainer.LossFunction;

/**
 * The settings this trainer recommends when a user gives none, for the platform to fill
 * an {@link io.modelhost.trainer.ImageTrainingRequest} with. Measured on the 600 fixture
 * digits (28×28 grey) against 1197 other digits on two busy cores:
 * {@code benchmarks/training/images/README.md}.
 */
public final class ImageTrainerDefaults {

	/** The most passes over the training pictures. */
	public static final int EPOCHS = 50;

	/** Pictures per optimiser step. */
	public static final int BATCH_SIZE = 32;

	/**
	 * Adam's step size at first; it falls along a cosine to 1 % of it by the last epoch.
	 */
	public static final double LEARNING_RATE = 2e-3;

	/** Share of each class held out to pick the best epoch. */
	public static final double VALIDATION_SPLIT = 0.1;

	/** Share of each class held out for the test metrics. */
	public static final double TEST_SPLIT = 0.1;

	/** Random shifts, rotations and scaling of training pictures. */
	public static final boolean AUGMENTATION = true;

	/** Dropout before the last layer. */
	public static final double DROPOUT = 0.25;

	/** Adam's weight decay. */
	public static final double WEIGHT_DECAY = 1e-4;

	/** What is minimised. */
	public static final LossFunction LOSS = LossFunction.CROSS_ENTROPY;

	/** Epochs without a better validation loss before training stops. */
	public static final int PATIENCE = 12;

	/** The seed when the user gives none. */
	public static final long SEED = 42;

	/**
	 * Strength of {@link LossFunction#CROSS_ENTROPY_L1}'s penalty: this times the sum of
	 * every weight's absolute value is added to the loss. Fixed; the request has no knob.
	 */
	public static final double L1_PENALTY = 1e-5;

	/**
	 * Strength of {@link LossFunction#CROSS_ENTROPY_L2}'s penalty: this times the sum of
	 * every squared weight is added to the loss. Fixed; the request has no knob.
	 */
	public static final double L2_PENALTY = 1e-4;

	private ImageTrainerDefaults() {
	}

}
