package io.modelhost.trainer.images;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.modelhost.trainer.ImageTrainer;
import io.modelhost.trainer.ImageTrainingRequest;
import io.modelhost.trainer.ImageTrainingResult;
import io.modelhost.trainer.ModelArtifact;
import io.modelhost.trainer.TrainingException;
import io.modelhost.trainer.TrainingFailedException;
import io.modelhost.trainer.TrainingMonitor;
import org.jspecify.annotations.Nullable;

/**
 * Trains a small convolutional classifier ({@link Network}) with DJL's PyTorch engine on
 * the CPU, offline, and writes the best epoch's weights as ONNX for engine-onnx to serve.
 *
 * <p>
 * Steps: the labels are split per class ({@link StratifiedSplit}, refusing datasets of
 * one class or with a class too small for the splits before any picture is read); every
 * picture is converted once through the request's
 * {@link io.modelhost.engine.ImagePreprocessing} ({@link PictureSet}); the network trains
 * ({@link EpochLoop}), with seeded augmentation ({@link Augmenter}) when asked; the test
 * part is scored ({@link Evaluation}); {@link OnnxWriter} writes {@value #FILE_NAME}.
 *
 * <p>
 * Registered with {@link java.util.ServiceLoader}; keeps no state between calls and may
 * be called from several threads, but trainings run one at a time per process because
 * libtorch's threads and random generator are global ({@link Torch}).
 */
public final class ImageClassifierTrainer implements ImageTrainer {

	/** The model file's name in the output directory. */
	static final String FILE_NAME = "model.onnx";

	private final Clock clock;

	public ImageClassifierTrainer() {
		this(Clock.systemUTC());
	}

	ImageClassifierTrainer(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String id() {
		return "images";
	}

	@Override
	public ImageTrainingResult train(ImageTrainingRequest request, TrainingMonitor monitor) {
		return train(request, monitor, (loop) -> {
		});
	}

	/**
	 * Trains, and shows the trained network to {@code inspector} (tests compare it with
	 * the written file) before it is closed.
	 */
	ImageTrainingResult train(ImageTrainingRequest request, TrainingMonitor monitor, Consumer<EpochLoop> inspector) {
		Instant start = this.clock.instant();
		List<String> classes = request.source().classes();
		int[] labels = PictureSet.labels(request.source(), classes);
		StratifiedSplit split = StratifiedSplit.of(labels, classes, request.validationSplit(), request.testSplit(),
				request.seed());
		monitor.progress(0, "reading pictures");
		PictureSet pictures = PictureSet.read(request.source(), request.input(), labels, monitor);
		Network network = Network.forInput(request.input(), classes.size(), request.dropout(), request.batchSize());
		try (Torch.Hold hold = Torch.hold(request.maxThreads(), request.seed(), monitor);
				EpochLoop loop = new EpochLoop(network, request, split.train().length)) {
			monitor.progress(0, "training");
			EpochLoop.Fit fit = loop.fit(pictures, split, request, monitor, this.clock);
			@Nullable Evaluation test = (split.test().length > 0) ? Evaluation
				.of(loop.probabilities(pictures, split.test(), monitor), labels, split.test(), classes.size()) : null;
			inspector.accept(loop);
			Cancellation.check(monitor);
			Path file = write(network, loop.weights(), request);
			return new ImageTrainingResult(classes, request.input(), network.describe(), fit.history(), fit.bestEpoch(),
					(test != null) ? test.metrics() : Map.of(), (test != null) ? test.confusionMatrix(classes) : null,
					Map.of("train", split.train().length, "validation", split.validation().length, "test",
							split.test().length),
					new ModelArtifact(file, "onnx", "application/octet-stream"), notes(request, fit, network),
					Duration.between(start, this.clock.instant()));
		}
		catch (TrainingException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new TrainingFailedException("The network could not be trained: " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " (" + ex.getMessage() + ")" : ""), ex);
		}
	}

	/** Writes the model next to a temporary name first, so a failure leaves nothing. */
	private static Path write(Network network, Weights weights, ImageTrainingRequest request) {
		Path file = request.outputDirectory().resolve(FILE_NAME);
		Path partial = request.outputDirectory().resolve(FILE_NAME + ".part");
		try {
			OnnxWriter.write(network, weights, request.input(), partial);
			try {
				Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
			}
			return file;
		}
		catch (IOException ex) {
			try {
				Files.deleteIfExists(partial);
			}
			catch (IOException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw new TrainingFailedException("The trained model could not be written.", ex);
		}
	}

	private static List<String> notes(ImageTrainingRequest request, EpochLoop.Fit fit, Network network) {
		var notes = new ArrayList<String>();
		int epochs = fit.history().size();
		if (fit.stoppedEarly()) {
			notes.add("Stopped early after epoch " + epochs + ": the validation loss had not improved for "
					+ request.patience() + " epochs.");
		}
		if (request.validationSplit() > 0) {
			notes.add("Kept the weights of epoch " + fit.bestEpoch() + " of " + epochs
					+ ", which had the lowest validation loss.");
		}
		else {
			notes.add("No validation split: kept the last epoch's weights"
					+ ((request.patience() > 0) ? " and ignored the patience." : "."));
		}
		if (network.layers().stream().noneMatch(Layer.Norm.class::isInstance)) {
			notes.add("Trained without batch normalisation: batches of fewer than " + Network.MIN_BATCH_FOR_NORM
					+ " pictures make it too noisy.");
		}
		return notes;
	}

}
