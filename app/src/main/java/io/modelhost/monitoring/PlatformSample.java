package io.modelhost.monitoring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The whole process's resources at one sample.
 *
 * @param at when it was sampled
 * @param processCpuPercent the process's CPU use over the recent past as a percentage of
 * the whole machine ({@code OperatingSystemMXBean.getProcessCpuLoad()}); null where the
 * JVM cannot tell
 * @param rssBytes resident memory ({@code VmRSS} from {@code /proc/self/status}; where
 * there is none, the memory the JVM has committed)
 * @param heapUsedBytes Java heap in use
 * @param modelsLoaded models loaded
 * @param queueDepth requests waiting in all queues
 */
public record PlatformSample(Instant at, @Nullable Double processCpuPercent, long rssBytes, long heapUsedBytes,
		int modelsLoaded, int queueDepth) {

}
