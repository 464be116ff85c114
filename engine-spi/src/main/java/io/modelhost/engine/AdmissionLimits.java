package io.modelhost.engine;

/**
 * Resource limits an engine must respect while admitting an untrusted file.
 *
 * @param maxExpandedBytes the most bytes a compressed file or archive member may inflate
 * to, and the most memory the model may take once decoded and widened (declared array
 * shapes times the size the engine holds each element in); beyond it the engine stops
 * reading, before allocating, and rejects the file as
 * {@link ModelRejectedException.Kind#TOO_LARGE}
 * @param maxArchiveEntries the most entries an archive may hold
 */
public record AdmissionLimits(long maxExpandedBytes, int maxArchiveEntries) {

	public AdmissionLimits {
		if (maxExpandedBytes < 1) {
			throw new IllegalArgumentException("maxExpandedBytes must be >= 1 but was " + maxExpandedBytes);
		}
		if (maxArchiveEntries < 1) {
			throw new IllegalArgumentException("maxArchiveEntries must be >= 1 but was " + maxArchiveEntries);
		}
	}

}
