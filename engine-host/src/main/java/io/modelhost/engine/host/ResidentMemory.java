package io.modelhost.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory, from {@code /proc/self/status}.
 */
final class ResidentMemory {

	private static final Path STATUS = Path.of("/proc/self/status");

	private ResidentMemory() {
	}

	/** Growth since {@code before} (a reading of {@link #bytes()}), or -1 if unknown. */
	static long growth(long before) {
		long after = bytes();
		return (before < 0 || after < 0) ? -1 : Math.max(0, after - before);
	}

	/** The resident set size in bytes, or -1 where /proc cannot tell. */
	static long bytes() {
		try {
			for (String line : Files.readAllLines(STATUS)) {
				if (line.startsWith("VmRSS:")) {
					String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
					return Long.parseLong(fields[0]) * 1024;
				}
			}
			return -1;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
