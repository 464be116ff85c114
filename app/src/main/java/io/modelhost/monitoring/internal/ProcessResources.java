package io.modelhost.monitoring.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/** The process's own CPU use and memory. */
public final class ProcessResources {

	private static final Path STATUS = Path.of("/proc/self/status");

	private ProcessResources() {
	}

	/**
	 * The process's recent CPU use as a percentage of the whole machine, or null where
	 * the JVM cannot tell.
	 */
	public static @Nullable Double cpuPercent() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			double load = os.getProcessCpuLoad();
			return (load >= 0) ? load * 100 : null;
		}
		return null;
	}

	/**
	 * Resident set size in bytes: {@code VmRSS} of {@code /proc/self/status}; where there
	 * is none (not Linux), what the JVM has committed for heap and non-heap memory.
	 */
	public static long rssBytes() {
		try {
			for (String line : Files.readAllLines(STATUS)) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the fallback below
		}
		var memory = ManagementFactory.getMemoryMXBean();
		return memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
	}

	/** Java heap in use, in bytes. */
	public static long heapUsedBytes() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
