package io.modelhost.runtime.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory and the heap's committed size. */
public final class ResidentMemory {

	private static final Path STATUS = Path.of("/proc/self/status");

	private ResidentMemory() {
	}

	/** Resident set size in bytes, or -1 where the operating system does not tell. */
	public static long rss() {
		try {
			for (String line : Files.readAllLines(STATUS)) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

	/**
	 * Bytes the JVM has committed for its heap and its own non-heap areas (metaspace,
	 * code cache).
	 */
	public static long committedByJvm() {
		var memory = ManagementFactory.getMemoryMXBean();
		return memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
	}

}
