package io.modelhost.trainer.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.engine.LoadedModel;
import io.modelhost.trainer.EpochReport;
import io.modelhost.trainer.ImageTrainingRequest;
import io.modelhost.trainer.ImageTrainingResult;
import io.modelhost.trainer.TrainingMonitor;

/**
 * Trains with {@link ImageTrainerDefaults} on the 600 fixture digits and scores the
 * written ONNX file, through engine-onnx, on the 1197 held-out digits of
 * {@code benchmarks/training/images/digits-holdout}. Run by
 * {@code benchmarks/training/images/run.sh}; arguments: the runs (default 1) and the seed
 * of the first (default {@link ImageTrainerDefaults#SEED}; each further run adds 1).
 */
public final class ImageTrainingBenchmark {

	private ImageTrainingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 1;
		long firstSeed = (args.length > 1) ? Long.parseLong(args[1]) : ImageTrainerDefaults.SEED;
		DigitsDirectory train = DigitsDirectory.open(Path.of("fixtures/datasets/digits_png"));
		DigitsDirectory holdout = DigitsDirectory.open(Path.of("benchmarks/training/images/digits-holdout"));
		ImagePreprocessing input = ImagePreprocessing.unitScaled(28, 28, 1, ImagePreprocessing.Layout.NCHW);
		System.out
			.println("| seed | epochs (best) | training s | test-split accuracy | held-out accuracy | held-out loss |");
		System.out.println("|---|---|---|---|---|---|");
		for (int run = 0; run < runs; run++) {
			long seed = firstSeed + run;
			Path out = Files.createTempDirectory("image-benchmark");
			// -D overrides, for measuring other settings; the defaults otherwise
			var request = new ImageTrainingRequest(train, input,
					Integer.getInteger("epochs", ImageTrainerDefaults.EPOCHS),
					Integer.getInteger("batchSize", ImageTrainerDefaults.BATCH_SIZE),
					Double.parseDouble(System.getProperty("learningRate", "" + ImageTrainerDefaults.LEARNING_RATE)),
					ImageTrainerDefaults.VALIDATION_SPLIT, ImageTrainerDefaults.TEST_SPLIT,
					Boolean.parseBoolean(System.getProperty("augmentation", "" + ImageTrainerDefaults.AUGMENTATION)),
					Double.parseDouble(System.getProperty("dropout", "" + ImageTrainerDefaults.DROPOUT)),
					Double.parseDouble(System.getProperty("weightDecay", "" + ImageTrainerDefaults.WEIGHT_DECAY)),
					ImageTrainerDefaults.LOSS, Integer.getInteger("patience", ImageTrainerDefaults.PATIENCE), seed, 2,
					out);
			ImageTrainingResult result = new ImageClassifierTrainer().train(request, new TrainingMonitor() {
				@Override
				public void epochFinished(EpochReport epoch) {
					System.err.printf(Locale.ROOT, "epoch %d: train %.4f / %.4f, val %.4f / %.4f, %d ms%n",
							epoch.epoch(), epoch.trainLoss(), epoch.trainAccuracy(), epoch.validationLoss(),
							epoch.validationAccuracy(), epoch.duration().toMillis());
				}
			});
			try (LoadedModel model = Served.admit(result.artifact().file())) {
				float[][] probabilities = Served.probabilities(model, holdout, input);
				int[] labels = PictureSet.labels(holdout, result.classes());
				int[] all = java.util.stream.IntStream.range(0, labels.length).toArray();
				Evaluation scored = Evaluation.of(probabilities, labels, all, result.classes().size());
				System.out.printf(Locale.ROOT, "| %d | %d (%d) | %.1f | %.4f | %.4f | %.3f |%n", seed,
						result.history().size(), result.bestEpoch(), result.duration().toMillis() / 1000.0,
						result.testMetrics().get("accuracy"), scored.accuracy(), scored.loss());
			}
			System.err.println(result.architecture() + " " + result.notes());
		}
	}

}
