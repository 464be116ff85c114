package io.modelhost.cli;

import java.nio.file.Path;

/** Checks of the files a command is given. */
final class InputFiles {

	private InputFiles() {
	}

	/** Refuses (exit 1) a path that is not a readable regular file. */
	static void requireFile(Path file) {
		if (!java.nio.file.Files.isRegularFile(file)) {
			throw CliException.usage("no such file: " + file);
		}
		if (!java.nio.file.Files.isReadable(file)) {
			throw CliException.usage("cannot read " + file);
		}
	}

}
