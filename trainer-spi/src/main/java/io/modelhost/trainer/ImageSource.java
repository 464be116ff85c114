package io.modelhost.trainer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

/**
 * A labelled image dataset a trainer reads: one label per picture, pictures decoded on
 * demand. The platform's datasets module supplies one per stored image dataset; its
 * pictures were checked at upload, so {@link #read} fails only when storage does.
 *
 * <p>
 * Thread-safe: {@link #read} may be called from several threads at once.
 */
public interface ImageSource {

	/** How many pictures there are. */
	int size();

	/** The label of picture {@code index}, 0-based. */
	String label(int index);

	/** The class labels, sorted, each with at least one picture. */
	List<String> classes();

	/**
	 * Decodes picture {@code index}.
	 * @throws IOException when it cannot be read
	 */
	BufferedImage read(int index) throws IOException;

}
