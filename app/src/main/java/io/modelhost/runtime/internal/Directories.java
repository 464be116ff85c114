package io.modelhost.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing the runtime's own directory trees. */
public final class Directories {

	private static final Logger log = LoggerFactory.getLogger(Directories.class);

	private Directories() {
	}

	/**
	 * Deletes a directory and everything in it, as far as it can: what cannot be deleted
	 * is logged and left.
	 */
	public static void deleteQuietly(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					log.warn("Could not delete {}: {}", path, ex.getMessage());
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			log.warn("Could not delete {}: {}", directory, ex.getMessage());
		}
	}

}
