package io.modelhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing the directory trees the modules keep on local disk. */
public final class FileTrees {

	private static final Logger log = LoggerFactory.getLogger(FileTrees.class);

	private FileTrees() {
	}

	/**
	 * Deletes a directory (or file) and everything in it, as far as it can: what cannot
	 * be deleted is logged and left.
	 */
	public static void deleteQuietly(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					log.warn("Could not delete {}: {}", path, ex.toString());
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			log.warn("Could not delete {}: {}", directory, ex.toString());
		}
	}

	/**
	 * Deletes the entries of a directory last modified before {@code cutoff} (work a
	 * crash left behind), except those {@code keep} names.
	 * @return how many entries were deleted
	 */
	public static int deleteOlderThan(Path directory, Instant cutoff, Predicate<Path> keep) {
		int deleted = 0;
		try (Stream<Path> entries = Files.list(directory)) {
			for (Path entry : entries.toList()) {
				if (!keep.test(entry) && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
					deleteQuietly(entry);
					deleted++;
				}
			}
		}
		catch (IOException ex) {
			log.warn("Could not clean {}: {}", directory, ex.toString());
		}
		return deleted;
	}

}
