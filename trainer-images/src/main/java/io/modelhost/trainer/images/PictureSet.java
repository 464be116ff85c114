package io.modelhost.trainer.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.trainer.ImageSource;
import io.modelhost.trainer.TrainingFailedException;
import io.modelhost.trainer.TrainingMonitor;

/**
 * Every picture of a dataset as the network's input values, converted once through the
 * request's {@link ImagePreprocessing} (the conversion serving uses), with each picture's
 * class index. Holds {@code size × valuesPerImage} floats on the Java heap.
 *
 * <p>
 * The arrays are owned by this set and never changed after {@link #read}; safe to read
 * from any thread.
 *
 * @param values picture {@code i} at
 * {@code [i × valuesPerImage, (i + 1) × valuesPerImage)}
 * @param labels the index into the classes of each picture
 * @param valuesPerImage values per picture
 */
record PictureSet(float[] values, int[] labels, int valuesPerImage) {

	/** Pictures converted between two looks at the monitor's cancellation. */
	private static final int CANCEL_CHECK_EVERY = 64;

	PictureSet {
		if (values.length != (long) labels.length * valuesPerImage) {
			throw new IllegalArgumentException(
					values.length + " values for " + labels.length + " pictures of " + valuesPerImage);
		}
	}

	/**
	 * The class index of every picture of {@code source}, without reading the pictures.
	 * @throws TrainingFailedException when a label is not one of {@code classes}
	 */
	static int[] labels(ImageSource source, List<String> classes) {
		Map<String, Integer> indexes = new HashMap<>();
		for (int c = 0; c < classes.size(); c++) {
			indexes.put(classes.get(c), c);
		}
		int[] labels = new int[source.size()];
		for (int i = 0; i < labels.length; i++) {
			Integer label = indexes.get(source.label(i));
			if (label == null) {
				throw new TrainingFailedException("Picture " + (i + 1) + " has a label that is not among the classes.");
			}
			labels[i] = label;
		}
		return labels;
	}

	/**
	 * Reads and converts every picture of {@code source}, labelled {@code labels}.
	 * @throws TrainingFailedException when a picture cannot be read
	 * @throws io.modelhost.trainer.TrainingCancelledException when the monitor cancels
	 */
	static PictureSet read(ImageSource source, ImagePreprocessing input, int[] labels, TrainingMonitor monitor) {
		int size = labels.length;
		int perImage = input.valuesPerImage();
		if ((long) size * perImage > Integer.MAX_VALUE - 8) {
			throw new TrainingFailedException("The dataset's " + size + " pictures of " + input.width() + "×"
					+ input.height() + " do not fit in memory at once: choose a smaller input size.");
		}
		float[] values = new float[size * perImage];
		for (int i = 0; i < size; i++) {
			if (i % CANCEL_CHECK_EVERY == 0) {
				Cancellation.check(monitor);
			}
			BufferedImage picture;
			try {
				picture = source.read(i);
			}
			catch (IOException ex) {
				throw new TrainingFailedException("Picture " + (i + 1) + " of the dataset could not be read.", ex);
			}
			input.write(picture, values, i * perImage);
		}
		return new PictureSet(values, labels.clone(), perImage);
	}

	int size() {
		return this.labels.length;
	}

	/** Copies picture {@code index} into {@code batch} at {@code offset}. */
	void copy(int index, float[] batch, int offset) {
		System.arraycopy(this.values, index * this.valuesPerImage, batch, offset, this.valuesPerImage);
	}

}
