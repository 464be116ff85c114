package io.modelhost.engine.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Recognises a Keras 3 {@code .keras} file: a zip archive holding {@code config.json} and
 * {@code model.weights.h5}. Only the archive's central directory is read; no entry is
 * inflated, nothing is written to disk.
 */
final class KerasArchive {

	/** The most central-directory entries looked at. */
	static final int MAX_LISTED_ENTRIES = 10_000;

	private static final byte[] ZIP = { 'P', 'K', 3, 4 };

	private KerasArchive() {
	}

	/** Whether the head starts like a zip archive. */
	static boolean looksLikeZip(io.modelhost.engine.ArtifactSample sample) {
		return sample.hasBytesAt(0, ZIP);
	}

	/** Whether the archive lists the two entries every Keras 3 file has. */
	static boolean isKeras3(Path file) {
		boolean config = false;
		boolean weights = false;
		try (ZipFile zip = new ZipFile(file.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			for (int i = 0; entries.hasMoreElements() && i < MAX_LISTED_ENTRIES; i++) {
				String name = entries.nextElement().getName();
				config |= name.equals("config.json");
				weights |= name.equals("model.weights.h5");
			}
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		return config && weights;
	}

}
