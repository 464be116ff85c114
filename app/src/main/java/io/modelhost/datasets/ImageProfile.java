package io.modelhost.datasets;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The profile of an image dataset: its pictures, counted by class, and their size.
 *
 * @param images how many pictures there are
 * @param classes the classes, sorted by label, each with at least one picture
 * @param size the pictures' size when they all have the same, null when they differ
 * ("mixed")
 * @param ignoredEntries the archive's entries left out as junk ({@code __MACOSX/},
 * {@code .DS_Store} and other hidden files, {@code Thumbs.db}) and folders
 */
public record ImageProfile(int images, List<ImageClass> classes, @Nullable ImageSize size,
		int ignoredEntries) implements DatasetProfile {

	public ImageProfile {
		if (images < 1) {
			throw new IllegalArgumentException("images must be >= 1 but was " + images);
		}
		if (classes.isEmpty()) {
			throw new IllegalArgumentException("an image dataset has at least one class");
		}
		if (classes.stream().mapToLong(ImageClass::count).sum() != images) {
			throw new IllegalArgumentException("the classes' counts must add up to " + images + ": " + classes);
		}
		if (ignoredEntries < 0) {
			throw new IllegalArgumentException("ignoredEntries must be >= 0 but was " + ignoredEntries);
		}
		classes = List.copyOf(classes);
	}

	@Override
	public DatasetKind kind() {
		return DatasetKind.IMAGES;
	}

	/** The class labels, sorted. */
	public List<String> labels() {
		return this.classes.stream().map(ImageClass::label).toList();
	}

	/**
	 * One class of pictures.
	 *
	 * @param label its label
	 * @param count how many pictures have it
	 * @param samples the indexes of its first pictures (at most 5), for thumbnails
	 */
	public record ImageClass(String label, int count, List<Integer> samples) {

		public ImageClass {
			if (label.isEmpty()) {
				throw new IllegalArgumentException("label must not be empty");
			}
			if (count < 1) {
				throw new IllegalArgumentException("count must be >= 1 but was " + count);
			}
			if (samples.isEmpty() || samples.size() > count) {
				throw new IllegalArgumentException("samples must be 1.." + count + " indexes but were " + samples);
			}
			samples = List.copyOf(samples);
		}

	}

	/**
	 * The size every picture has.
	 *
	 * @param width in pixels
	 * @param height in pixels
	 * @param channels 1 for grey pictures, 3 for colour (an alpha channel is not counted)
	 */
	public record ImageSize(int width, int height, int channels) {

		public ImageSize {
			if (width < 1 || height < 1) {
				throw new IllegalArgumentException("width and height must be >= 1 but were " + width + "×" + height);
			}
			if (channels != 1 && channels != 3) {
				throw new IllegalArgumentException("channels must be 1 or 3 but was " + channels);
			}
		}

	}

}
