package io.modelhost.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.modelhost.engine.testkit.Fixtures;

/**
 * Zips of the 600 fixture digits (28×28 grey PNGs, 57 to 63 of each digit) in the layouts
 * an image dataset may have, and broken variants, built from the files in the test
 * resources.
 */
public final class DigitZips {

	/**
	 * The fixture: {@code images/N.png} and {@code labels.txt} of lines
	 * {@code N : digit}.
	 */
	public static final Path DIGITS = Fixtures.root().resolve("datasets/digits_png");

	private DigitZips() {
	}

	/** The fixture's labels, by picture number, in file order. */
	public static Map<Integer, String> labels() {
		var labels = new LinkedHashMap<Integer, String>();
		try {
			for (String line : Files.readAllLines(DIGITS.resolve("labels.txt"))) {
				if (!line.isBlank()) {
					String[] parts = line.split(":");
					labels.put(Integer.parseInt(parts[0].strip()), parts[1].strip());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return labels;
	}

	/** The fixture's bytes of picture {@code n}. */
	public static byte[] picture(int n) {
		try {
			return Files.readAllBytes(DIGITS.resolve("images/" + n + ".png"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Entries for the labels.txt layout under {@code top} ("" or "folder/"), minus the
	 * picture numbers in {@code without}.
	 */
	public static Map<String, byte[]> numbered(String top) {
		var entries = new LinkedHashMap<String, byte[]>();
		try {
			entries.put(top + "labels.txt", Files.readAllBytes(DIGITS.resolve("labels.txt")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		labels().keySet().forEach((n) -> entries.put(top + "images/" + n + ".png", picture(n)));
		return entries;
	}

	/**
	 * Entries for the one-folder-per-class layout under {@code top} ("" or "folder/").
	 */
	public static Map<String, byte[]> byClass(String top) {
		var entries = new LinkedHashMap<String, byte[]>();
		labels().forEach((n, label) -> entries.put(top + label + "/digit" + n + ".png", picture(n)));
		return entries;
	}

	/**
	 * Writes a zip of the entries (in their order, deflated) to a new file in
	 * {@code dir}.
	 */
	public static Path zip(Path dir, String name, Map<String, byte[]> entries) {
		try {
			Path file = Files.createTempDirectory(dir, "zip").resolve(name);
			try (OutputStream out = Files.newOutputStream(file); var zip = new ZipOutputStream(out)) {
				for (var entry : entries.entrySet()) {
					zip.putNextEntry(new ZipEntry(entry.getKey()));
					zip.write(entry.getValue());
					zip.closeEntry();
				}
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** UTF-8 bytes of a text. */
	public static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
