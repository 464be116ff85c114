package io.modelhost.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes the private directories the host and its workers keep model files in.
 */
final class FileTrees {

	private FileTrees() {
	}

	/** Deletes a directory and everything in it, as far as it can; never throws. */
	static void delete(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// left for the next cleanup: a stale spool file harms nothing
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			// already gone or unreadable: nothing more to do
		}
	}

}
