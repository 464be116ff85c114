package io.modelhost.runtime;

/**
 * The memory a loaded model holds, measured when it was loaded.
 *
 * @param heapBytes the Java heap reachable from the loaded model, from a walk of its
 * object graph (shallow sizes from this JVM's object layout; classes and statics are not
 * counted)
 * @param nativeBytes the growth of the process's resident memory while the model loaded,
 * less the heap's growth: native memory of engines such as ONNX Runtime; -1 where the
 * operating system does not tell
 * @param loadMillis how long loading took
 */
public record MemoryFootprint(long heapBytes, long nativeBytes, long loadMillis) {

	/** Heap and native memory together (native counted as 0 when unknown). */
	public long totalBytes() {
		return this.heapBytes + Math.max(0, this.nativeBytes);
	}

}
