package io.modelhost.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.modelhost.datasets.internal.PictureIndex;
import io.modelhost.engine.Pictures;
import io.modelhost.trainer.ImageSource;

/**
 * The pictures of one image dataset, as a trainer reads them: in a stable order (by
 * number for a {@code labels.txt} archive, by class then name for class folders), each
 * with its label, decoded on demand from the files checked at upload.
 *
 * <p>
 * Thread-safe: immutable, and {@link #read} opens the picture's file anew each time.
 * Holds nothing open, so needs no closing. Deleting the dataset meanwhile makes
 * {@link #read} fail with an {@link IOException}.
 */
public final class DatasetPictures implements ImageSource {

	private final DatasetId id;

	private final Path directory;

	private final PictureIndex index;

	private final List<String> classes;

	private final long maxPixels;

	DatasetPictures(DatasetId id, Path directory, PictureIndex index, ImageProfile profile, long maxPixels) {
		this.id = id;
		this.directory = directory;
		this.index = index;
		this.classes = profile.labels();
		this.maxPixels = maxPixels;
	}

	/** The dataset these are the pictures of. */
	public DatasetId datasetId() {
		return this.id;
	}

	@Override
	public int size() {
		return this.index.size();
	}

	/**
	 * {@inheritDoc}
	 * @throws ImageNotFoundException if there is no picture {@code index}
	 */
	@Override
	public String label(int index) {
		return this.index.labels().get(check(index));
	}

	/** The name picture {@code index} had in the uploaded archive. */
	public String entry(int index) {
		return this.index.entries().get(check(index));
	}

	@Override
	public List<String> classes() {
		return this.classes;
	}

	/**
	 * {@inheritDoc}
	 * @throws ImageNotFoundException if there is no picture {@code index}
	 */
	@Override
	public BufferedImage read(int index) throws IOException {
		byte[] bytes = Files.readAllBytes(PictureIndex.picture(this.directory, check(index)));
		try {
			return Pictures.decode(bytes, this.maxPixels);
		}
		catch (Pictures.UnreadablePictureException ex) {
			// it was decoded at upload: the file has changed since
			throw new IOException("picture " + index + " of dataset " + this.id + " cannot be read", ex);
		}
	}

	private int check(int index) {
		if (index < 0 || index >= this.index.size()) {
			throw new ImageNotFoundException(index, this.index.size());
		}
		return index;
	}

}
