package io.modelhost.trainer.images;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.trainer.EpochReport;
import io.modelhost.trainer.ImageTrainingRequest;
import io.modelhost.trainer.LossFunction;
import io.modelhost.trainer.TrainingMonitor;
import org.jspecify.annotations.Nullable;

/**
 * Trains one {@link Network} with DJL: Adam with the request's weight decay and learning
 * rate (falling along a cosine to 1 % of it at the last planned step), mini-batches in a
 * seeded order, softmax cross-entropy plus the request's {@link Penalty}; the training
 * loss and accuracy of an epoch are the means over its batches, dropout and augmentation
 * on. After each epoch it scores the validation pictures (cross-entropy without penalty)
 * and keeps a copy of the weights of the best epoch so far; it stops early after
 * {@code patience} epochs without a better validation loss. The cancellation is checked
 * before every batch.
 *
 * <p>
 * Not thread-safe: owned by one training, on one thread, while that training holds
 * {@link Torch#hold libtorch}. Closing it frees the network's native memory.
 */
final class EpochLoop implements AutoCloseable {

	/** Pictures per forward pass when only scoring. */
	private static final int SCORING_BATCH = 256;

	/** The learning rate at the last planned step, as a share of the request's. */
	static final float FINAL_LEARNING_RATE = 0.01f;

	private final Network network;

	private final SequentialBlock block;

	private final Model model;

	private final Trainer trainer;

	private final ImagePreprocessing input;

	private final LossFunction loss;

	EpochLoop(Network network, ImageTrainingRequest request, int trainingPictures) {
		this.network = network;
		this.input = request.input();
		this.loss = request.loss();
		this.block = network.block();
		this.model = Model.newInstance("image-classifier", Device.cpu(), Torch.ENGINE);
		try {
			this.model.setBlock(this.block);
			Adam adam = Adam.builder()
				.optLearningRateTracker(schedule(request, trainingPictures))
				.optWeightDecays((float) request.weightDecay())
				.build();
			this.trainer = this.model
				.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam));
			this.trainer.initialize(new Shape(this.input.shape(1)));
		}
		catch (RuntimeException ex) {
			this.model.close();
			throw ex;
		}
	}

	/**
	 * The learning rate: the request's at first, falling along a cosine to
	 * {@link #FINAL_LEARNING_RATE} of it at the last planned step.
	 */
	private static Tracker schedule(ImageTrainingRequest request, int trainingPictures) {
		float rate = (float) request.learningRate();
		int steps = Math.max(1, Math.ceilDiv(trainingPictures, request.batchSize()) * request.epochs());
		return Tracker.cosine()
			.setBaseValue(rate)
			.optFinalValue(rate * FINAL_LEARNING_RATE)
			.setMaxUpdates(steps)
			.build();
	}

	/**
	 * Trains for up to {@code request.epochs()} epochs, reporting each to the monitor,
	 * and leaves the network holding the weights of the best epoch.
	 */
	Fit fit(PictureSet pictures, StratifiedSplit split, ImageTrainingRequest request, TrainingMonitor monitor,
			Clock clock) {
		var random = new SplittableRandom(request.seed());
		@Nullable Augmenter augmenter = request.augmentation() ? new Augmenter(this.input, random.split()) : null;
		var history = new ArrayList<EpochReport>();
		boolean validating = split.validation().length > 0;
		@Nullable Weights best = null;
		double bestLoss = Double.POSITIVE_INFINITY;
		int bestEpoch = 0;
		boolean stoppedEarly = false;
		for (int epoch = 1; epoch <= request.epochs(); epoch++) {
			Instant start = clock.instant();
			double[] train = trainEpoch(pictures, shuffled(split.train(), random), request.batchSize(), augmenter,
					monitor);
			@Nullable Evaluation validation = validating ? evaluate(pictures, split.validation(), monitor) : null;
			var report = new EpochReport(epoch, train[0], train[1], (validation != null) ? validation.loss() : null,
					(validation != null) ? validation.accuracy() : null, Duration.between(start, clock.instant()));
			history.add(report);
			if (validation == null || validation.loss() < bestLoss) {
				bestLoss = (validation != null) ? validation.loss() : bestLoss;
				bestEpoch = epoch;
				best = validating ? Weights.of(this.block) : null;
			}
			monitor.epochFinished(report);
			monitor.progress((double) epoch / request.epochs(), "epoch " + epoch + " of " + request.epochs());
			if (validating && request.patience() > 0 && epoch - bestEpoch >= request.patience()) {
				stoppedEarly = epoch < request.epochs();
				break;
			}
		}
		if (best != null) {
			best.restore(this.block);
		}
		return new Fit(history, bestEpoch, stoppedEarly);
	}

	/** The network's current weights. */
	Weights weights() {
		return Weights.of(this.block);
	}

	Network network() {
		return this.network;
	}

	/**
	 * Class probabilities for the pictures at {@code indexes}, one row each, from the
	 * network in inference mode (dropout off, batch normalisation's running statistics).
	 */
	float[][] probabilities(PictureSet pictures, int[] indexes, TrainingMonitor monitor) {
		float[][] rows = new float[indexes.length][];
		int perImage = pictures.valuesPerImage();
		for (int start = 0; start < indexes.length; start += SCORING_BATCH) {
			Cancellation.check(monitor);
			int count = Math.min(SCORING_BATCH, indexes.length - start);
			float[] batch = new float[count * perImage];
			for (int i = 0; i < count; i++) {
				pictures.copy(indexes[start + i], batch, i * perImage);
			}
			try (NDManager scope = this.trainer.getManager().newSubManager()) {
				NDArray logits = this.trainer
					.evaluate(new NDList(scope.create(batch, new Shape(this.input.shape(count)))))
					.singletonOrThrow();
				float[] flat = logits.softmax(1).toFloatArray();
				int classes = this.network.classes();
				for (int i = 0; i < count; i++) {
					rows[start + i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
				}
			}
		}
		return rows;
	}

	private Evaluation evaluate(PictureSet pictures, int[] indexes, TrainingMonitor monitor) {
		return Evaluation.of(probabilities(pictures, indexes, monitor), pictures.labels(), indexes,
				this.network.classes());
	}

	/** One pass over {@code order}; returns the mean loss and the accuracy. */
	private double[] trainEpoch(PictureSet pictures, int[] order, int batchSize, @Nullable Augmenter augmenter,
			TrainingMonitor monitor) {
		int perImage = pictures.valuesPerImage();
		double lossSum = 0;
		long right = 0;
		int seen = 0;
		for (int start = 0; start < order.length; start += batchSize) {
			int count = Math.min(batchSize, order.length - start);
			if (count == 1 && seen > 0) {
				// a lone last picture would make batch normalisation fail; it is in the
				// next epoch's batches
				break;
			}
			Cancellation.check(monitor);
			float[] batch = new float[count * perImage];
			float[] labels = new float[count];
			for (int i = 0; i < count; i++) {
				pictures.copy(order[start + i], batch, i * perImage);
				if (augmenter != null) {
					augmenter.apply(batch, i * perImage);
				}
				labels[i] = pictures.labels()[order[start + i]];
			}
			try (NDManager scope = this.trainer.getManager().newSubManager()) {
				NDArray data = scope.create(batch, new Shape(this.input.shape(count)));
				NDArray label = scope.create(labels);
				float[] logits;
				try (GradientCollector collector = this.trainer.newGradientCollector()) {
					NDArray output = this.trainer.forward(new NDList(data)).singletonOrThrow();
					NDArray total = this.trainer.getLoss().evaluate(new NDList(label), new NDList(output));
					NDArray penalty = Penalty.of(this.loss, this.block, scope);
					if (penalty != null) {
						total = total.add(penalty);
					}
					collector.backward(total);
					lossSum += total.getFloat() * count;
					logits = output.toFloatArray();
				}
				this.trainer.step();
				right += correct(logits, labels);
			}
			seen += count;
		}
		return new double[] { lossSum / seen, (double) right / seen };
	}

	private int correct(float[] logits, float[] labels) {
		int classes = this.network.classes();
		int right = 0;
		for (int i = 0; i < labels.length; i++) {
			float[] row = java.util.Arrays.copyOfRange(logits, i * classes, (i + 1) * classes);
			if (Evaluation.argmax(row) == (int) labels[i]) {
				right++;
			}
		}
		return right;
	}

	private static int[] shuffled(int[] indexes, SplittableRandom random) {
		int[] order = indexes.clone();
		for (int i = order.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

	@Override
	public void close() {
		try {
			this.trainer.close();
		}
		finally {
			this.model.close();
		}
	}

	/**
	 * What {@link #fit} did.
	 *
	 * @param history every finished epoch
	 * @param bestEpoch the epoch whose weights the network now holds
	 * @param stoppedEarly whether patience ran out before the last epoch
	 */
	record Fit(List<EpochReport> history, int bestEpoch, boolean stoppedEarly) {

	}

}
