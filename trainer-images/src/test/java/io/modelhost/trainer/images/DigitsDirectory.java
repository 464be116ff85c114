package io.modelhost.trainer.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.modelhost.engine.Pictures;
import io.modelhost.trainer.ImageSource;

/**
 * A labelled picture directory as the fixtures hold them: {@code images/N.png} and
 * {@code labels.txt} with one {@code N : label} line per picture, read in file order.
 * Pictures are decoded on each read, as the platform's sources do.
 */
final class DigitsDirectory implements ImageSource {

	private final List<Path> files;

	private final List<String> labels;

	private DigitsDirectory(List<Path> files, List<String> labels) {
		this.files = List.copyOf(files);
		this.labels = List.copyOf(labels);
	}

	static DigitsDirectory open(Path directory) throws IOException {
		var files = new ArrayList<Path>();
		var labels = new ArrayList<String>();
		for (String line : Files.readAllLines(directory.resolve("labels.txt"))) {
			if (line.isBlank()) {
				continue;
			}
			String[] parts = line.split(" : ", 2);
			files.add(directory.resolve("images").resolve(parts[0].strip() + ".png"));
			labels.add(parts[1].strip());
		}
		return new DigitsDirectory(files, labels);
	}

	/** The first {@code count} pictures. */
	DigitsDirectory first(int count) {
		return new DigitsDirectory(this.files.subList(0, count), this.labels.subList(0, count));
	}

	/** Only the pictures of these labels. */
	DigitsDirectory only(String... keep) {
		var files = new ArrayList<Path>();
		var labels = new ArrayList<String>();
		List<String> wanted = List.of(keep);
		for (int i = 0; i < this.files.size(); i++) {
			if (wanted.contains(this.labels.get(i))) {
				files.add(this.files.get(i));
				labels.add(this.labels.get(i));
			}
		}
		return new DigitsDirectory(files, labels);
	}

	/**
	 * At most {@code count} pictures of class {@code label}, every picture of the others.
	 */
	DigitsDirectory capped(String label, int count) {
		var files = new ArrayList<Path>();
		var labels = new ArrayList<String>();
		int kept = 0;
		for (int i = 0; i < this.files.size(); i++) {
			if (this.labels.get(i).equals(label) && kept++ >= count) {
				continue;
			}
			files.add(this.files.get(i));
			labels.add(this.labels.get(i));
		}
		return new DigitsDirectory(files, labels);
	}

	@Override
	public int size() {
		return this.files.size();
	}

	@Override
	public String label(int index) {
		return this.labels.get(index);
	}

	@Override
	public List<String> classes() {
		return List.copyOf(new TreeSet<>(this.labels));
	}

	@Override
	public BufferedImage read(int index) throws IOException {
		return Pictures.decode(Files.readAllBytes(this.files.get(index)), Pictures.DEFAULT_MAX_PIXELS);
	}

}
