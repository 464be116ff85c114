package io.modelhost.trainer.images;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.TensorSignature;
import io.modelhost.trainer.EpochReport;
import io.modelhost.trainer.ImageSource;
import io.modelhost.trainer.ImageTrainingRequest;
import io.modelhost.trainer.ImageTrainingResult;
import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.LossFunction;
import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Trains on real fixture digits with real libtorch, briefly, and serves the written ONNX
 * file with engine-onnx.
 */
class ImageClassifierTrainerTests {

	private static final ImagePreprocessing INPUT = ImagePreprocessing.unitScaled(28, 28, 1,
			ImagePreprocessing.Layout.NCHW);

	private static DigitsDirectory digits;

	@TempDir
	Path output;

	@BeforeAll
	static void openDigits() throws IOException, URISyntaxException {
		digits = DigitsDirectory.open(Fixtures.root().resolve("datasets/digits_png"));
	}

	@Test
	void trainsReportsEveryEpochAndWritesOnnxThatServesTheTrainedProbabilities() throws IOException {
		DigitsDirectory source = digits.first(250);
		var epochs = new CopyOnWriteArrayList<EpochReport>();
		var progress = new CopyOnWriteArrayList<Double>();
		TrainingMonitor monitor = new TrainingMonitor() {
			@Override
			public void epochFinished(EpochReport epoch) {
				epochs.add(epoch);
			}

			@Override
			public void progress(double fraction, String stage) {
				progress.add(fraction);
			}
		};
		var trained = new AtomicReference<float[][]>();
		ImageTrainingRequest request = request(source, 5, 7L, LossFunction.CROSS_ENTROPY_L2, true);
		ImageTrainingResult result = new ImageClassifierTrainer().train(request, monitor, (loop) -> {
			PictureSet pictures = PictureSet.read(source, INPUT, PictureSet.labels(source, source.classes()),
					TrainingMonitor.NONE);
			trained.set(loop.probabilities(pictures, all(source.size()), TrainingMonitor.NONE));
		});

		assertThat(result.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
		assertThat(result.architecture())
			.isEqualTo("conv64-bn-pool-conv128-bn-pool-conv128-bn-pool-dense128-dropout-dense10");
		assertThat(result.history()).hasSize(5).isEqualTo(epochs);
		for (int i = 0; i < 5; i++) {
			EpochReport epoch = result.history().get(i);
			assertThat(epoch.epoch()).isEqualTo(i + 1);
			assertThat(epoch.trainLoss()).isPositive().isFinite();
			assertThat(epoch.trainAccuracy()).isBetween(0.0, 1.0);
			assertThat(epoch.validationLoss()).isNotNull().isPositive();
			assertThat(epoch.validationAccuracy()).isNotNull().isBetween(0.0, 1.0);
			assertThat(epoch.duration()).isPositive();
		}
		assertThat(result.history().getLast().trainLoss()).isLessThan(result.history().getFirst().trainLoss());
		assertThat(progress).isSorted().contains(1.0);
		assertThat(result.bestEpoch()).isBetween(1, 5);
		assertThat(result.history().get(result.bestEpoch() - 1).validationLoss())
			.isEqualTo(result.history().stream().mapToDouble(EpochReport::validationLoss).min().orElseThrow());
		// 25 pictures of each class on average: round(n × 0.2) of each go to validation
		// and to test
		assertThat(result.split().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(250);
		assertThat(result.split().get("test")).isBetween(45, 55);
		assertThat(result.testMetrics()).containsOnlyKeys("accuracy", "loss", "macro_f1");
		assertThat(result.testMetrics().get("accuracy")).isGreaterThan(0.7);
		assertThat(result.testMetrics().get("macro_f1")).isGreaterThan(0.6);
		long counted = Arrays.stream(result.confusionMatrix().counts()).flatMapToLong(Arrays::stream).sum();
		assertThat(counted).isEqualTo(result.split().get("test").longValue());
		assertThat(result.artifact().file()).isEqualTo(this.output.resolve("model.onnx")).isRegularFile();
		assertThat(result.artifact().formatId()).isEqualTo("onnx");
		try (var listing = Files.list(this.output)) {
			assertThat(listing.toList()).containsExactly(this.output.resolve("model.onnx"));
		}

		try (LoadedModel model = Served.admit(result.artifact().file())) {
			var signature = (TensorSignature) model.signature();
			assertThat(signature.inputs().getFirst().name()).isEqualTo("image");
			assertThat(signature.inputs().getFirst().shape()).containsExactly(-1L, 1L, 28L, 28L);
			assertThat(signature.outputs().getFirst().name()).isEqualTo("probabilities");
			assertThat(signature.outputs().getFirst().shape()).containsExactly(-1L, 10L);
			float[][] served = Served.probabilities(model, source, INPUT);
			double largest = 0;
			for (int i = 0; i < served.length; i++) {
				assertThat(served[i]).hasSize(10);
				for (int c = 0; c < 10; c++) {
					largest = Math.max(largest, Math.abs(served[i][c] - trained.get()[i][c]));
				}
			}
			assertThat(largest).isLessThanOrEqualTo(1e-4);
			int[] labels = PictureSet.labels(source, result.classes());
			Evaluation scored = Evaluation.of(served, labels, all(source.size()), 10);
			assertThat(scored.accuracy()).isGreaterThan(0.7);
		}
	}

	@Test
	void sameSeedGivesSameHistoryAndAnotherSeedAnother(@TempDir Path second, @TempDir Path third) {
		DigitsDirectory source = digits.first(120);
		List<EpochReport> first = new ImageClassifierTrainer()
			.train(request(source, 2, 3L, LossFunction.CROSS_ENTROPY_L1, true), TrainingMonitor.NONE)
			.history();
		List<EpochReport> again = new ImageClassifierTrainer()
			.train(request(source, 2, 3L, LossFunction.CROSS_ENTROPY_L1, true, second), TrainingMonitor.NONE)
			.history();
		List<EpochReport> other = new ImageClassifierTrainer()
			.train(request(source, 2, 4L, LossFunction.CROSS_ENTROPY_L1, true, third), TrainingMonitor.NONE)
			.history();

		assertThat(withoutDurations(again)).isEqualTo(withoutDurations(first));
		assertThat(withoutDurations(other)).isNotEqualTo(withoutDurations(first));
	}

	@Test
	void cancellingStopsWithinTheEpochAndWritesNothing() throws IOException {
		var polls = new AtomicInteger();
		var cancelledAt = new AtomicLong();
		var finished = new AtomicInteger();
		TrainingMonitor monitor = new TrainingMonitor() {
			@Override
			public boolean cancelRequested() {
				// past the picture loading (4 polls for 250 pictures), a few batches into
				// the first epoch
				if (polls.incrementAndGet() > 8) {
					cancelledAt.compareAndSet(0, System.nanoTime());
					return true;
				}
				return false;
			}

			@Override
			public void epochFinished(EpochReport epoch) {
				finished.incrementAndGet();
			}
		};

		assertThatExceptionOfType(TrainingCancelledException.class).isThrownBy(() -> new ImageClassifierTrainer()
			.train(request(digits.first(250), 3, 1L, LossFunction.CROSS_ENTROPY, false), monitor));
		Duration reaction = Duration.ofNanos(System.nanoTime() - cancelledAt.get());

		assertThat(finished).hasValue(0);
		assertThat(polls.get()).isEqualTo(9);
		assertThat(reaction).isLessThan(Duration.ofSeconds(2));
		try (var listing = Files.list(this.output)) {
			assertThat(listing.toList()).isEmpty();
		}
	}

	@Test
	void refusesOneClassNamingIt() throws IOException {
		assertThatExceptionOfType(InvalidTrainingRequestException.class)
			.isThrownBy(() -> new ImageClassifierTrainer()
				.train(request(digits.only("3"), 2, 1L, LossFunction.CROSS_ENTROPY, false), TrainingMonitor.NONE))
			.satisfies((ex) -> assertThat(ex.reason())
				.isEqualTo(InvalidTrainingRequestException.Reason.SINGLE_VALUE_TARGET))
			.withMessageContaining("only one class ('3')");
		try (var listing = Files.list(this.output)) {
			assertThat(listing.toList()).isEmpty();
		}
	}

	@Test
	void refusesAClassTooSmallForTheSplitsNamingIt() throws IOException {
		ImageSource source = digits.only("0", "1").capped("1", 2);

		assertThatExceptionOfType(InvalidTrainingRequestException.class)
			.isThrownBy(() -> new ImageClassifierTrainer()
				.train(request(source, 2, 1L, LossFunction.CROSS_ENTROPY, false), TrainingMonitor.NONE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(InvalidTrainingRequestException.Reason.TOO_FEW_ROWS))
			.withMessageContaining("Class '1' has 2 pictures")
			.withMessageContaining("at least 3");
		try (var listing = Files.list(this.output)) {
			assertThat(listing.toList()).isEmpty();
		}
	}

	private ImageTrainingRequest request(ImageSource source, int epochs, long seed, LossFunction loss,
			boolean augmentation) {
		return request(source, epochs, seed, loss, augmentation, this.output);
	}

	private static ImageTrainingRequest request(ImageSource source, int epochs, long seed, LossFunction loss,
			boolean augmentation, Path output) {
		return new ImageTrainingRequest(source, INPUT, epochs, 32, 2e-3, 0.2, 0.2, augmentation, 0.25, 1e-4, loss, 0,
				seed, 2, output);
	}

	private static int[] all(int count) {
		return java.util.stream.IntStream.range(0, count).toArray();
	}

	private static List<List<Object>> withoutDurations(List<EpochReport> history) {
		var rows = new ArrayList<List<Object>>();
		for (EpochReport epoch : history) {
			rows.add(List.of(epoch.epoch(), epoch.trainLoss(), epoch.trainAccuracy(), epoch.validationLoss(),
					epoch.validationAccuracy()));
		}
		return rows;
	}

}
