package io.modelhost.engine.djl;

/**
 * One entry of a zip archive as its central directory describes it.
 *
 * @param name the entry's name, decoded as UTF-8
 * @param flags the general purpose bit flags
 * @param method the compression method: 0 (stored) or 8 (deflated) for entries that pass
 * the checks
 * @param crc the declared CRC-32 of the uncompressed bytes
 * @param compressedSize the declared size of the stored bytes
 * @param size the declared size of the uncompressed bytes
 * @param localHeaderOffset where the entry's local header starts in the file
 * @param symbolicLink whether the entry's Unix mode says it is a symbolic link
 */
record ArchiveEntry(String name, int flags, int method, long crc, long compressedSize, long size,
		long localHeaderOffset, boolean symbolicLink) {

	static final int STORED = 0;

	static final int DEFLATED = 8;

	/** Whether the entry is encrypted (traditional or strong encryption). */
	boolean encrypted() {
		return (this.flags & 0x41) != 0;
	}

	/** The name, shortened to at most 100 characters, to quote in a message. */
	String display() {
		return (this.name.length() <= 100) ? this.name : this.name.substring(0, 99) + "…";
	}

	/** Whether the entry names a directory rather than a file. */
	boolean directory() {
		return this.name.endsWith("/");
	}

}
