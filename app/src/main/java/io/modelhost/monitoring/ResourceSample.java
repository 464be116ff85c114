package io.modelhost.monitoring;

import java.time.Instant;

/**
 * A model endpoint's resources at one sample: all its loaded versions together.
 *
 * @param modelId the model
 * @param at when it was sampled
 * @param cpuPercent CPU time its predictions took since the previous sample, as a
 * percentage of the whole machine (all processors over the interval)
 * @param cpuSeconds that CPU time, in seconds
 * @param heapBytes Java heap its loaded versions were measured to hold
 * @param nativeBytes native memory its loaded versions were measured to hold
 * @param queueDepth requests waiting in its queues at the sample
 * @param loaded whether a version of it was loaded
 */
public record ResourceSample(String modelId, Instant at, double cpuPercent, double cpuSeconds, long heapBytes,
		long nativeBytes, int queueDepth, boolean loaded) {

	/** Heap and native memory together, in bytes. */
	public long memoryBytes() {
		return this.heapBytes + this.nativeBytes;
	}

}
