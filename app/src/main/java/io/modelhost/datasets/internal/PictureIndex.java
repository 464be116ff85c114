package io.modelhost.datasets.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How an image dataset lies in its directory: each picture's bytes, as checked at upload,
 * in {@code pictures/<index>}, and the {@code index} file, one line per picture in index
 * order: its label, a tab, and the archive's name for it. Labels and names hold no
 * control characters (the upload refuses them), so neither holds a tab or a line break.
 *
 * @param labels each picture's label, by index
 * @param entries each picture's name in the archive, by index
 */
public record PictureIndex(List<String> labels, List<String> entries) {

	static final String INDEX_FILE = "index";

	static final String PICTURES = "pictures";

	public PictureIndex {
		if (labels.size() != entries.size()) {
			throw new IllegalArgumentException(
					"labels and entries must be as many but were " + labels.size() + " and " + entries.size());
		}
		labels = List.copyOf(labels);
		entries = List.copyOf(entries);
	}

	/** Reads the index of a dataset's directory. */
	public static PictureIndex read(Path directory) throws IOException {
		var labels = new ArrayList<String>();
		var entries = new ArrayList<String>();
		for (String line : Files.readAllLines(directory.resolve(INDEX_FILE), StandardCharsets.UTF_8)) {
			int tab = line.indexOf('\t');
			if (tab < 1) {
				throw new IOException("the picture index of " + directory + " is damaged");
			}
			labels.add(line.substring(0, tab));
			entries.add(line.substring(tab + 1));
		}
		return new PictureIndex(labels, entries);
	}

	/** The file of picture {@code index} in a dataset's directory. */
	public static Path picture(Path directory, int index) {
		return directory.resolve(PICTURES).resolve(Integer.toString(index));
	}

	/** How many pictures there are. */
	public int size() {
		return this.labels.size();
	}

	void write(Path directory) throws IOException {
		try (BufferedWriter writer = Files.newBufferedWriter(directory.resolve(INDEX_FILE), StandardCharsets.UTF_8)) {
			for (int i = 0; i < this.labels.size(); i++) {
				writer.write(this.labels.get(i));
				writer.write('\t');
				writer.write(this.entries.get(i));
				writer.write('\n');
			}
		}
	}

}
